package verticles.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Access codes of public registrations: 144 random bits as 24 base64url characters, given to the applicant
 * once (the 201 answer, the confirmation email); the database keeps only their SHA-256. With the
 * registration number they open the public status check for that one registration.
 */
final class AccessCodes {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AccessCodes() {
  }

  static String next() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String code) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
