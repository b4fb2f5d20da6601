package verticles.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque secrets handed to a client (refresh and set-password tokens, registration access codes): random bytes as
 * base64url text, of which the database keeps only the SHA-256, so a stolen table opens nothing.
 */
public final class OpaqueTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OpaqueTokens() {
  }

  /** {@code bytes} random bytes as base64url without padding (4 characters per 3 bytes). */
  public static String next(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The SHA-256 of a token, as stored. */
  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
