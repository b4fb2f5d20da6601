package verticles.fuzz;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Forges JWTs the way the academy signs them (HS256 with {@code jwt.secret}, issuer and audience from the
 * configuration; see {@code verticles.infra.Jwt} and {@code verticles.auth.Tokens}), so that tokens with a
 * valid signature but odd claims — exp as a string, a subject that is no UUID or no user, an unknown role —
 * reach the server's claim handling instead of failing at the signature. Claims are given as a JSON tree
 * ({@link Json}) so that any value, however wrong, can be put in.
 */
public final class Jwts {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] secret;
  private final String audience;

  public Jwts(JsonObject jwtConfig) {
    this.secret = jwtConfig.getString("secret").getBytes(StandardCharsets.UTF_8);
    this.audience = jwtConfig.getString("audience");
  }

  public String audience() {
    return audience;
  }

  /** Signed with the academy's key (HS256). */
  public String sign(Object claims) {
    return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", Json.encode(claims), secret, "HmacSHA256");
  }

  /** Signed with another key. */
  public String signWrongKey(Object claims) {
    return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", Json.encode(claims),
      "not-the-academy-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The right key but HS512 (the academy accepts HS256 only). */
  public String signHs512(Object claims) {
    return sign("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", Json.encode(claims), secret, "HmacSHA512");
  }

  /** {@code alg: none}, no signature. */
  public static String unsigned(Object claims) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(Json.encode(claims)) + ".";
  }

  /** Any header and payload text (not necessarily JSON), signed with the academy's key. */
  public String signRaw(String header, String payload) {
    return sign(header, payload, secret, "HmacSHA256");
  }

  private static String sign(String header, String payload, byte[] key, String algorithm) {
    String input = b64(header) + "." + b64(payload);
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The payload of a JWT (no verification). */
  public static JsonObject payload(String token) {
    String[] parts = token.split("\\.");
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
