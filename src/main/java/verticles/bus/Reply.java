package verticles.bus;

import io.vertx.core.json.JsonObject;

/** A verticle's successful answer to an operation: status (default 200), data, message. */
public record Reply(int status, Object data, String message) {

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
    if (data != null) json.put("data", data);
    if (message != null) json.put("message", message);
    return json;
  }
}
