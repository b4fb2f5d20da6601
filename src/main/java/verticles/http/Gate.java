package verticles.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;
import verticles.infra.TokenCheck;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Steps 2 and 3 of the request path: a valid access token for operations with {@code security} (a chat
 * token where the operation declares {@code chatToken}), and a role from the operation's {@code x-roles}.
 * Token verification and revocation are {@link TokenCheck}'s, shared with the SockJS bridge.
 */
final class Gate {
  static final String CALLER = "caller";
  /** Set when the service key was presented: such a request carries no user, and no role applies to it. */
  private static final String SERVICE_CALLER = "service-caller";
  static final String SERVICE_SCHEME = "serviceKey", SERVICE_HEADER = "X-Service-Key";
  static final String BEARER_SCHEME = "bearerAuth", CHAT_SCHEME = "chatToken";

  private final TokenCheck tokens;
  private final String serviceKey;

  Gate(TokenCheck tokens, String serviceKey) {
    this.tokens = tokens;
    this.serviceKey = serviceKey == null ? "" : serviceKey;
  }

  void authenticate(RoutingContext ctx, Operation operation) {
    List<SecurityRequirement> requirements = operation.getSecurityRequirements();
    if (requirements == null || requirements.isEmpty()) {
      ctx.next();
      return;
    }
    boolean service = requirements.stream().anyMatch(r -> r.getNames().contains(SERVICE_SCHEME));
    // an operation open to a role or the service key (sending an email): the key decides when it is presented
    if (service && (ctx.request().headers().contains(SERVICE_HEADER)
        || requirements.stream().noneMatch(r -> r.getNames().contains(BEARER_SCHEME)))) {
      serviceKey(ctx);
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null && optional(operation)) {
      ctx.next(); // a public operation that answers signed-in callers differently: anonymous here
      return;
    }
    String token = TokenCheck.bearer(header);
    if (token == null) {
      ctx.fail(TokenCheck.unauthorized("missing", "Authentication required"));
      return;
    }
    callerOf(token, requirements)
      .onSuccess(caller -> {
        ctx.put(CALLER, caller);
        ctx.next();
      })
      .onFailure(ctx::fail);
  }

  /**
   * An access token, or — only on operations that declare the {@code chatToken} scheme — a guest's chat
   * token. A chat token never passes where only access tokens are declared, and vice versa.
   */
  private Future<JsonObject> callerOf(String token, List<SecurityRequirement> requirements) {
    boolean chat = requirements.stream().anyMatch(r -> r.getNames().contains(CHAT_SCHEME));
    boolean access = requirements.stream().anyMatch(r -> r.getNames().contains(BEARER_SCHEME));
    if (!chat) {
      return access ? tokens.access(token).map(TokenCheck::caller)
        : Future.failedFuture(TokenCheck.unauthorized("invalid", "Invalid token"));
    }
    return tokens.chat(token).map(TokenCheck::chatCaller).recover(chatFailure -> {
      if (!access) return Future.failedFuture(chatFailure);
      return tokens.access(token).map(TokenCheck::caller).recover(accessFailure -> {
        ApiError error = ApiError.from(accessFailure);
        boolean invalid = error != null && error.details() != null && "invalid".equals(error.details().getString("reason"));
        return Future.failedFuture(invalid ? chatFailure : accessFailure);
      });
    });
  }

  /**
   * Service-to-service operations accept only the configured service key (never a user token); with no
   * key configured they are closed. No caller identity is passed on: there is no "service role".
   */
  private void serviceKey(RoutingContext ctx) {
    String presented = ctx.request().getHeader(SERVICE_HEADER);
    boolean valid = !serviceKey.isEmpty() && presented != null && MessageDigest.isEqual(
      serviceKey.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    if (valid) {
      ctx.put(SERVICE_CALLER, true);
      ctx.next();
    }
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
    if (roles instanceof JsonArray allowed && ctx.get(SERVICE_CALLER) == null && (caller == null || !allowed.contains(caller.getString("role")))) {
      ctx.fail(ErrorCode.AUTH_FORBIDDEN.error("You do not have access to this operation"));
      return;
    }
    ctx.next();
  }

  private static ApiError unauthorized(String reason, String message) {
    return TokenCheck.unauthorized(reason, message);
  }
}
