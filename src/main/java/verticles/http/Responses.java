package verticles.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

/** Writes the seed's envelopes, and turns every failure into one — never a stack trace or SQL. */
final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
  static final String JSON = "application/json";

  private Responses() {
  }

  static void error(RoutingContext ctx, ApiError error) {
    if (ctx.response().ended()) return;
    if (error.retryAfter() != null) ctx.response().putHeader(HttpHeaders.RETRY_AFTER, error.retryAfter().toString());
    if (error.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
    json(ctx, error.status(), error.toEnvelope());
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  /** The router's failure handler and error handlers for 404/405/413/500. */
  static void failure(RoutingContext ctx) {
    error(ctx, toApiError(ctx));
  }

  private static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http && http.getCause() != null) failure = http.getCause();
    if (failure != null) {
      ApiError known = ApiError.from(failure);
      if (known != null) return known;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    return switch (status) {
      case 400 -> ErrorCode.VALIDATION_ERROR.error("Bad request");
      case 401 -> ErrorCode.AUTH_UNAUTHORIZED.error("Authentication required");
      case 403 -> ErrorCode.AUTH_FORBIDDEN.error("You do not have access to this resource");
      case 404 -> ErrorCode.NOT_FOUND.error("No such resource: " + ctx.request().method() + " " + ctx.request().path());
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED.error("Method " + ctx.request().method() + " is not allowed here");
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.error("The request body is too large");
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.error("Unsupported content type; send application/json");
      default -> {
        LOG.error("Request {} {} failed [request {}]", ctx.request().method(), ctx.request().path(),
          ctx.get(HttpVerticle.REQUEST_ID), failure);
        yield ErrorCode.INTERNAL_ERROR.error("Internal error");
      }
    };
  }
}
