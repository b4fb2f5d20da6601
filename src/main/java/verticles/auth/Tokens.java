package verticles.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Row;
import verticles.infra.Jwt;
import verticles.infra.OpaqueTokens;

import java.util.UUID;

/**
 * Token issuing. Access tokens are short-lived JWTs ({@code typ: access}, {@code sid} = login session,
 * {@code jti}); refresh tokens are opaque random strings stored only as SHA-256, so a refresh token can
 * never pass as an access token and a database leak yields no usable token.
 */
final class Tokens {
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

  /** A refresh or set-password token: 256 random bits (see {@link OpaqueTokens}). */
  static String newRefreshToken() {
    return OpaqueTokens.next(32);
  }

  static byte[] hash(String token) {
    return OpaqueTokens.hash(token);
  }
}
