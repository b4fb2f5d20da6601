package verticles.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A domain failure a client may see: HTTP status, stable code, message, optional details.
 * On the bus it is a typed failure: a {@link ReplyException} (failure code = the HTTP status) that travels by its
 * own codec ({@link Codecs}), so the requester's future fails with this very object locally and with an equal one
 * across the cluster — nothing is parsed back from a message string. The router turns it into the seed's error
 * envelope. Anything that is not an ApiError becomes a logged 500 without internals.
 */
public final class ApiError extends ReplyException {
  private final int status;
  private final String code;
  private final JsonObject details;

  public ApiError(int status, String code, String message, JsonObject details) {
    super(ReplyFailure.RECIPIENT_FAILURE, status, message, true);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }

  /** Seconds a client should wait before retrying, when the error says so. */
  public Integer retryAfter() {
    return details == null ? null : details.getInteger("retry_after");
  }

  /** The wire form: {status, code, error, details}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", status).put("code", code).put("error", getMessage());
    if (details != null) json.put("details", details);
    return json;
  }

  /** The seed's error envelope. */
  public JsonObject toEnvelope() {
    JsonObject json = new JsonObject().put("success", false).put("error", getMessage()).put("code", code);
    if (details != null) json.put("details", details);
    return json;
  }

  /** One entry of {@code details.fields}: the shape of every per-field error, from the router or a verticle. */
  public static JsonObject fieldEntry(String field, String code, String message) {
    return new JsonObject().put("field", field).put("code", code).put("message", message);
  }

  /** {@code details} naming a single bad field. */
  public static JsonObject fieldDetails(String field, String code, String message) {
    return new JsonObject().put("fields", new io.vertx.core.json.JsonArray().add(fieldEntry(field, code, message)));
  }

  public static ApiError fromJson(JsonObject json) {
    return new ApiError(json.getInteger("status", 500), json.getString("code", ErrorCode.INTERNAL_ERROR.name()),
      json.getString("error", "Internal error"), json.getJsonObject("details"));
  }

  /**
   * Maps a failed bus request to what the client sees: the verticle's ApiError, or 503/504 when
   * nobody answered. Returns null for failures that are bugs (the caller logs them as 500).
   */
  public static ApiError from(Throwable failure) {
    if (failure instanceof ApiError apiError) return apiError;
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return ErrorCode.SERVICE_UNAVAILABLE.error("The service is unavailable, try again shortly");
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return ErrorCode.SERVICE_TIMEOUT.error("The service did not answer in time");
      }
    }
    return null;
  }
}
