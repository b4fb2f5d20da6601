package verticles.http;

import io.vertx.core.buffer.Buffer;
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
    String language = ctx.get(Texts.LANGUAGE);
    json(ctx, error.status(), Texts.envelope(error, language != null ? language : Texts.language(ctx.request())));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) return;
    Buffer bytes = body.toBuffer();
    lengthOfHead(ctx, bytes.length());
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(bytes);
  }

  /**
   * On a HEAD request (routed as its GET, {@link HttpVerticle#HEAD}): the {@code Content-Length} (bytes) the GET's body
   * has, which vert.x does not set when no body is written.
   */
  static void lengthOfHead(RoutingContext ctx, int length) {
    if (ctx.get(HttpVerticle.HEAD) != null) ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
  }

  /** The router's failure handler and error handlers: every failure becomes the envelope. */
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
    if (failure instanceof io.netty.handler.codec.DecoderException || failure instanceof NumberFormatException) {
      // the HTTP codec could not read the body (a bad chunk size, …): the client's framing, and the connection is done
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      return ErrorCode.BAD_REQUEST.error("The request body could not be read");
    }
    int status = ctx.failure() instanceof HttpException http ? http.getStatusCode() : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    return switch (status) {
      case 400 -> ErrorCode.VALIDATION_ERROR.error("Bad request");
      case 401 -> ErrorCode.AUTH_UNAUTHORIZED.error("Authentication required");
      case 403 -> ErrorCode.AUTH_FORBIDDEN.error("You do not have access to this resource");
      case 404 -> ErrorCode.NOT_FOUND.error("No such resource: " + ctx.request().method() + " " + ctx.request().path());
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED.error("Method " + ctx.request().method() + " is not allowed here");
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.error("The request body is too large");
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.error("Unsupported content type; send application/json");
      case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE.error("The requested range cannot be served");
      case 417 -> ErrorCode.EXPECTATION_FAILED.error("Only 'Expect: 100-continue' is supported");
      // any other refusal by a vert.x handler is still the client's: the envelope with its status, never a 500
      case 402, 406, 407, 408, 409, 410, 411, 412, 414, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451 ->
        new ApiError(status, ErrorCode.BAD_REQUEST.name(), "The request cannot be served as sent", null);
      default -> {
        LOG.error("Request {} {} failed [request {}]", ctx.request().method(), ctx.get(HttpVerticle.LOGGED_PATH, ctx.request().path()),
          ctx.get(HttpVerticle.REQUEST_ID), failure);
        yield ErrorCode.INTERNAL_ERROR.error("Internal error");
      }
    };
  }
}
