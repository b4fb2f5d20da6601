package verticles.infra;

import verticles.bus.AuthClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;
import verticles.bus.Values;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * Verifies the two kinds of bearer token, for the router and the SockJS bridge alike:
 * <ul>
 *   <li>access tokens (HS256, issuer/audience/expiry, {@code typ: access} with sub, role, jti, sid, exp),
 *       refused when their {@code jti} or login session {@code sid} is revoked — looked up in Redis, and
 *       when Redis cannot answer, asked of the auth verticle (PostgreSQL), so an outage never lets a
 *       revoked token through;</li>
 *   <li>chat tokens ({@code typ: chat}, their own audience, {@code sub} = the one chat session they open).</li>
 * </ul>
 * Failures are 401 {@code AUTH_UNAUTHORIZED} with {@code details.reason} = invalid | expired | revoked.
 */
public final class TokenCheck {
  private static final Logger LOG = LoggerFactory.getLogger(TokenCheck.class);

  private final Vertx vertx;
  private final JWTAuth access;
  private final JWTAuth chat;
  private final RedisAPI redis;
  private final Runnable onRedisFallback;
  private final AuthClient auth;

  public TokenCheck(Vertx vertx, JsonObject config, RedisAPI redis) {
    this(vertx, config, redis, () -> { });
  }

  /** {@code onRedisFallback} runs each time a revocation check has to ask PostgreSQL (e.g. a metrics counter). */
  public TokenCheck(Vertx vertx, JsonObject config, RedisAPI redis, Runnable onRedisFallback) {
    this.vertx = vertx;
    this.access = Jwt.provider(vertx, config);
    this.chat = Jwt.chatProvider(vertx, config);
    this.redis = redis;
    this.onRedisFallback = onRedisFallback;
    this.auth = new AuthClient(vertx, new DeliveryOptions().setSendTimeout(2000));
  }

  /** The claims of a valid, unrevoked access token. */
  public Future<JsonObject> access(String token) {
    return authenticate(access, token)
      .recover(e -> Future.failedFuture(expired(e)
        ? unauthorized("expired", "The access token has expired")
        : unauthorized("invalid", "Invalid access token")))
      .compose(TokenCheck::accessClaims)
      .compose(claims -> revoked(claims).compose(revoked -> revoked
        ? Future.failedFuture(unauthorized("revoked", "The access token has been revoked"))
        : Future.succeededFuture(claims)));
  }

  /** The claims of a valid chat token; {@code sub} is its chat session. */
  public Future<JsonObject> chat(String token) {
    return authenticate(chat, token)
      .recover(e -> Future.failedFuture(expired(e)
        ? unauthorized("expired", "The chat token has expired")
        : unauthorized("invalid", "Invalid chat token")))
      .compose(user -> {
        JsonObject claims = user.attributes().getJsonObject("accessToken");
        if (claims == null || !"chat".equals(claims.getValue("typ")) || !uuid(claims.getValue("sub"))
          || !instant(claims.getValue("exp"))) {
          return Future.failedFuture(unauthorized("invalid", "Invalid chat token"));
        }
        return Future.succeededFuture(claims);
      });
  }

  /** The provider throws (rather than fails) on some odd claims, e.g. a string {@code exp}: a failure either way. */
  private static Future<User> authenticate(JWTAuth provider, String token) {
    try {
      return provider.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The caller JSON the router forwards for an access token: {id, role, email, jti, sid, exp}. */
  public static JsonObject caller(JsonObject claims) {
    return new JsonObject()
      .put("id", claims.getString("sub"))
      .put("role", claims.getString("role"))
      .put("email", claims.getString("email"))
      .put("jti", claims.getString("jti"))
      .put("sid", claims.getString("sid"))
      .put("exp", claims.getLong("exp"));
  }

  /** The caller JSON for a chat token: a guest whose only right is its chat session. */
  public static JsonObject chatCaller(JsonObject claims) {
    return new JsonObject()
      .put("role", "guest")
      .put("chat_session_id", claims.getString("sub"))
      .put("exp", claims.getLong("exp"));
  }

  /** The token of an {@code Authorization: Bearer …} value, or null. */
  public static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  public static ApiError unauthorized(String reason, String message) {
    return ErrorCode.AUTH_UNAUTHORIZED.error(message, new JsonObject().put("reason", reason));
  }

  private static boolean expired(Throwable e) {
    return e.getMessage() != null && e.getMessage().contains("expired");
  }

  /**
   * Only our own access tokens, checked here once so no verticle meets odd claims: typ "access"; sub, sid and
   * jti UUIDs; role one of admin, instructor, student; email absent or storable text; exp and iat times (seconds,
   * at most the end of 9999). A token
   * with a valid signature but any other shape is 401 invalid.
   */
  private static Future<JsonObject> accessClaims(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    boolean valid = claims != null && "access".equals(claims.getValue("typ"))
      && uuid(claims.getValue("sub")) && uuid(claims.getValue("sid")) && uuid(claims.getValue("jti"))
      && claims.getValue("role") instanceof String role && ROLES.contains(role)
      && (claims.getValue("email") == null || claims.getValue("email") instanceof String email && Values.storable(email))
      && instant(claims.getValue("exp")) && (claims.getValue("iat") == null || instant(claims.getValue("iat")));
    return valid ? Future.succeededFuture(claims) : Future.failedFuture(unauthorized("invalid", "Invalid access token"));
  }

  private static final Set<String> ROLES = Set.of("admin", "instructor", "student");
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Seconds since 1970 up to the end of year 9999, as our tokens carry them (an exp of 1e300 is no time). */
  private static boolean instant(Object value) {
    return value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 253402300799d;
  }

  private static boolean uuid(Object value) {
    return value instanceof String s && UUID_TEXT.matcher(s).matches();
  }

  private Future<Boolean> revoked(JsonObject claims) {
    String jti = claims.getString("jti"), sid = claims.getString("sid");
    return redis.exists(List.of("revoked:" + jti, "revoked:sid:" + sid))
      .timeout(1, TimeUnit.SECONDS)
      .map(count -> count.toInteger() > 0)
      .recover(e -> {
        onRedisFallback.run();
        LOG.warn("Redis unavailable for the revocation check, asking auth: {}", e.getMessage());
        return auth.isRevoked(jti, sid)
          .recover(busFailure -> {
            ApiError error = ApiError.from(busFailure);
            return Future.failedFuture(error != null && error.status() >= 500 ? error
              : unauthorized("invalid", "Invalid access token"));
          });
      });
  }
}
