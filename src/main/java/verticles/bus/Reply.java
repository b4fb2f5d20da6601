package verticles.bus;

import io.vertx.core.json.JsonObject;

/**
 * A verticle's successful answer to an operation: status (default 200), data, message — written by the
 * router as the seed's JSON envelope. A {@link #raw} answer instead carries a finished document of another
 * media type (e.g. an iCalendar feed): on the bus {@code {"status", "contentType", "body"}}, written as is.
 */
public record Reply(int status, Object data, String message, JsonObject headers) {
  /** Bus fields of a raw answer, and of response headers the router sets (e.g. ETag). */
  public static final String CONTENT_TYPE = "contentType", BODY = "body", HEADERS = "headers";

  public Reply(int status, Object data, String message) {
    this(status, data, message, null);
  }

  /** The same answer with an {@code ETag} response header (a quoted version of the resource). */
  public Reply withETag(String etag) {
    return new Reply(status, data, message, new JsonObject().put("ETag", etag));
  }

  /** A document that is not JSON: its media type and text. */
  public record Raw(String contentType, String body) {
  }

  /** A raw answer: the router writes {@code body} with this Content-Type and status, no envelope. */
  public static Reply raw(int status, String contentType, String body) {
    return new Reply(status, new Raw(contentType, body), null);
  }

  public static Reply ok(Object data) {
    return new Reply(200, data, null);
  }

  public static Reply ok(Object data, String message) {
    return new Reply(200, data, message);
  }

  public static Reply created(Object data, String message) {
    return new Reply(201, data, message);
  }

  public static Reply message(String message) {
    return new Reply(200, null, message);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", status);
    if (headers != null) json.put(HEADERS, headers);
    if (data instanceof Raw raw) return json.put(CONTENT_TYPE, raw.contentType()).put(BODY, raw.body());
    if (data != null) json.put("data", data);
    if (message != null) json.put("message", message);
    return json;
  }
}
