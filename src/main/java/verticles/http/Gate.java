package verticles.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Steps 2 and 3 of the request path: a valid access token for operations with {@code security}, and a
 * role from the operation's {@code x-roles}. Revocation is looked up in Redis; when Redis cannot answer,
 * the auth verticle answers from PostgreSQL, so an outage never lets a revoked token through.
 */
final class Gate {
  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
  static final String CALLER = "caller";
  static final String SERVICE_SCHEME = "serviceKey", SERVICE_HEADER = "X-Service-Key";

  private final Vertx vertx;
  private final JWTAuth jwt;
  private final RedisAPI redis;
  private final String serviceKey;
  private final Counter redisFallbacks;

  Gate(Vertx vertx, JWTAuth jwt, RedisAPI redis, String serviceKey, MeterRegistry metrics) {
    this.redisFallbacks = Counter.builder("academy_redis_fallback_total").tag("use", "revocation")
      .description("Revocation checks answered from PostgreSQL because Redis could not answer").register(metrics);
    this.vertx = vertx;
    this.jwt = jwt;
    this.redis = redis;
    this.serviceKey = serviceKey == null ? "" : serviceKey;
  }

  void authenticate(RoutingContext ctx, Operation operation) {
    List<SecurityRequirement> requirements = operation.getSecurityRequirements();
    if (requirements == null || requirements.isEmpty()) {
      ctx.next();
      return;
    }
    if (requirements.stream().anyMatch(r -> r.getNames().contains(SERVICE_SCHEME))) {
      serviceKey(ctx);
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null && optional(operation)) {
      ctx.next(); // a public operation that answers signed-in callers differently: anonymous here
      return;
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      ctx.fail(unauthorized("missing", "Authentication required"));
      return;
    }
    jwt.authenticate(new TokenCredentials(header.substring(7).trim()))
      .recover(e -> Future.failedFuture(e.getMessage() != null && e.getMessage().contains("expired")
        ? unauthorized("expired", "The access token has expired")
        : unauthorized("invalid", "Invalid access token")))
      .compose(this::accessClaims)
      .compose(claims -> revoked(claims).compose(revoked -> revoked
        ? Future.failedFuture(unauthorized("revoked", "The access token has been revoked"))
        : Future.succeededFuture(claims)))
      .onSuccess(claims -> {
        ctx.put(CALLER, new JsonObject()
          .put("id", claims.getString("sub"))
          .put("role", claims.getString("role"))
          .put("email", claims.getString("email"))
          .put("jti", claims.getString("jti"))
          .put("sid", claims.getString("sid"))
          .put("exp", claims.getLong("exp")));
        ctx.next();
      })
      .onFailure(ctx::fail);
  }

  /**
   * Service-to-service operations accept only the configured service key (never a user token); with no
   * key configured they are closed. No caller identity is passed on: there is no "service role".
   */
  private void serviceKey(RoutingContext ctx) {
    String presented = ctx.request().getHeader(SERVICE_HEADER);
    boolean valid = !serviceKey.isEmpty() && presented != null && MessageDigest.isEqual(
      serviceKey.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    if (valid) ctx.next();
    else ctx.fail(unauthorized(presented == null ? "missing" : "invalid", "A valid service key is required"));
  }

  /**
   * {@code security: [{}, {bearerAuth: []}]}: authentication is optional. Without a token the caller is
   * anonymous; a token that is sent must be valid (a bad one is 401, never silently ignored).
   */
  private static boolean optional(Operation operation) {
    return operation.getSecurityRequirements().stream().anyMatch(SecurityRequirement::isEmpty);
  }

  void authorize(RoutingContext ctx, Operation operation) {
    Object roles = operation.getExtensions().get("x-roles");
    JsonObject caller = ctx.get(CALLER);
    if (roles instanceof JsonArray allowed && (caller == null || !allowed.contains(caller.getString("role")))) {
      ctx.fail(ErrorCode.AUTH_FORBIDDEN.error("You do not have access to this operation"));
      return;
    }
    ctx.next();
  }

  /** Only our own access tokens: typ "access" with subject, role, session, id and expiry. */
  private Future<JsonObject> accessClaims(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null || !"access".equals(claims.getString("typ")) || claims.getString("sub") == null
      || claims.getString("role") == null || claims.getString("jti") == null || claims.getString("sid") == null
      || !(claims.getValue("exp") instanceof Number)) {
      return Future.failedFuture(unauthorized("invalid", "Invalid access token"));
    }
    return Future.succeededFuture(claims);
  }

  private Future<Boolean> revoked(JsonObject claims) {
    String jti = claims.getString("jti"), sid = claims.getString("sid");
    return redis.exists(List.of("revoked:" + jti, "revoked:sid:" + sid))
      .timeout(1, TimeUnit.SECONDS)
      .map(count -> count.toInteger() > 0)
      .recover(e -> {
        redisFallbacks.increment();
        LOG.warn("Redis unavailable for the revocation check, asking auth: {}", e.getMessage());
        return vertx.eventBus().<JsonObject>request("auth.internal.isRevoked",
            new JsonObject().put("jti", jti).put("sid", sid), new DeliveryOptions().setSendTimeout(2000))
          .map(reply -> reply.body().getBoolean("revoked", true))
          .recover(busFailure -> {
            ApiError error = ApiError.from(busFailure);
            return Future.failedFuture(error != null && error.status() >= 500 ? error
              : unauthorized("invalid", "Invalid access token"));
          });
      });
  }

  private static ApiError unauthorized(String reason, String message) {
    return ErrorCode.AUTH_UNAUTHORIZED.error(message, new JsonObject().put("reason", reason));
  }
}
