package verticles.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * A verticle's successful answer to an operation: status (default 200), data, message, optional response
 * headers — written by the router as the seed's JSON envelope. {@code data} is any JSON value, or a {@link Buffer}
 * holding JSON already encoded (a cached answer): the router splices those bytes into the envelope unparsed.
 * A {@link #raw} answer instead carries a finished document of another media type (e.g. an iCalendar feed),
 * written as is. Travels on the bus as itself ({@link Codecs}).
 */
public record Reply(int status, Object data, String message, JsonObject headers) {

  public Reply(int status, Object data, String message) {
    this(status, data, message, null);
  }

  /** The same answer with a response header, e.g. {@code ETag} (a quoted version of the resource). */
  public Reply withHeader(String name, String value) {
    JsonObject all = headers == null ? new JsonObject() : headers.copy();
    return new Reply(status, data, message, all.put(name, value));
  }

  /** The same answer with an {@code ETag} (a quoted version of what it shows). */
  public Reply withETag(String etag) {
    return withHeader("ETag", etag);
  }

  /** A document that is not JSON: its media type and bytes (text in UTF-8, or binary: a PDF). */
  public record Raw(String contentType, Buffer body) {
  }

  /** A raw answer: the router writes {@code body} with this Content-Type and status, no envelope. */
  public static Reply raw(int status, String contentType, String body) {
    return raw(status, contentType, Buffer.buffer(body == null ? "" : body));
  }

  /** A raw answer of bytes (a PDF invoice), written as they are. */
  public static Reply raw(int status, String contentType, Buffer body) {
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

  /** The data as a JSON object (decoded when it arrived encoded), or null when it is none or not an object. */
  public JsonObject dataObject() {
    if (data instanceof JsonObject object) return object;
    if (data instanceof Buffer buffer) {
      Object value = Json.decodeValue(buffer);
      return value instanceof JsonObject object ? object : null;
    }
    return null;
  }

  /** The data as JSON bytes (encoded now unless it already is), or null for none and for raw documents. */
  public Buffer encodedData() {
    return data == null || data instanceof Raw ? null : Codecs.encode(data);
  }

  /** Everything but the data, for the wire: {status, message?, headers?, contentType?, body?}. */
  JsonObject head() {
    JsonObject head = new JsonObject().put("status", status);
    if (message != null) head.put("message", message);
    if (headers != null) head.put("headers", headers);
    if (data instanceof Raw raw) head.put("contentType", raw.contentType()).put("body", raw.body().getBytes());
    return head;
  }

  static Reply fromWire(JsonObject head, Buffer data) {
    Object value = head.containsKey("contentType") ? new Raw(head.getString("contentType"), Buffer.buffer(head.getBinary("body"))) : data;
    return new Reply(head.getInteger("status"), value, head.getString("message"), head.getJsonObject("headers"));
  }
}
