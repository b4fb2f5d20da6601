package verticles.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Row;
import verticles.infra.Jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Token issuing. Access tokens are short-lived JWTs ({@code typ: access}, {@code sid} = login session,
 * {@code jti}); refresh tokens are opaque random strings stored only as SHA-256, so a refresh token can
 * never pass as an access token and a database leak yields no usable token.
 */
final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JWTAuth jwt;
  private final JWTOptions options;
  private final int accessTtlSeconds;
  private final int refreshTtlDays;

  Tokens(JWTAuth jwt, JsonObject settings) {
    this.jwt = jwt;
    this.options = Jwt.options(settings);
    this.accessTtlSeconds = settings.getInteger("access_ttl_seconds");
    this.refreshTtlDays = settings.getInteger("refresh_ttl_days");
  }

  int accessTtlSeconds() {
    return accessTtlSeconds;
  }

  int refreshTtlDays() {
    return refreshTtlDays;
  }

  /** The seed's token block: access_token, refresh_token, expires_in (+ token_type). */
  JsonObject pair(Row user, UUID session, String refreshToken) {
    JsonObject claims = new JsonObject()
      .put("sub", user.getUUID("id").toString())
      .put("email", user.getString("email"))
      .put("role", user.getString("role"))
      .put("sid", session.toString())
      .put("jti", UUID.randomUUID().toString())
      .put("typ", "access");
    return new JsonObject()
      .put("access_token", jwt.generateToken(claims, options))
      .put("refresh_token", refreshToken)
      .put("token_type", "Bearer")
      .put("expires_in", accessTtlSeconds);
  }

  static String newRefreshToken() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
