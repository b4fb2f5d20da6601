package verticles.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.util.UUID;

/** Parsing and field-level error details shared by the scheduling handlers. */
final class Ids {
  private Ids() {
  }

  static UUID parse(String text) {
    if (text == null) return null;
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A 400 naming one field, in the router's validation shape: details.fields = [{field, code, message}]. */
  static ApiError invalid(ErrorCode code, String field, String message) {
    return code.error(message, fields(field, code.name(), message));
  }

  static JsonObject fields(String field, String code, String message) {
    return new JsonObject().put("fields", new JsonArray()
      .add(new JsonObject().put("field", field).put("code", code).put("message", message)));
  }
}
