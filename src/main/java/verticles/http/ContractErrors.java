package verticles.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed schema check ({@link RequestParser}) into 400 with a stable {@code VALIDATION_*} code and one entry
 * per bad field: {@code details.fields = [{field, code, message}]}.
 */
final class ContractErrors {
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
  private static final Pattern UNKNOWN = Pattern.compile("[Pp]roperty \"([^\"]+)\"");

  private ContractErrors() {
  }

  /**
   * Which of several errors on one field to report: the most specific. additionalProperties also
   * fires for declared properties whose own schema failed, so "unknown field" ranks last.
   */
  private static int rank(JsonObject field) {
    return switch (ErrorCode.valueOf(field.getString("code"))) {
      case VALIDATION_REQUIRED_FIELD -> 0;
      case VALIDATION_INVALID_EMAIL, VALIDATION_INVALID_PHONE, VALIDATION_INVALID_DATE, VALIDATION_INVALID_ENUM -> 1;
      case VALIDATION_UNKNOWN_FIELD -> 3;
      default -> 2;
    };
  }

  /** A failed schema check of one parameter ({@code prefix} = its name) or of the body (null). */
  static ApiError invalid(String prefix, OutputUnit result) {
    JsonArray fields = new JsonArray();
    Map<String, JsonObject> byField = new LinkedHashMap<>();
    for (OutputUnit unit : leaves(result)) {
      JsonObject candidate = field(prefix, unit);
      byField.merge(candidate.getString("field"), candidate, (kept, other) -> rank(other) < rank(kept) ? other : kept);
    }
    // additionalProperties also fires for a declared object whose own content failed: keep the inner error
    byField.values().removeIf(f -> f.getString("code").equals(ErrorCode.VALIDATION_UNKNOWN_FIELD.name())
      && byField.keySet().stream().anyMatch(other -> other.startsWith(f.getString("field") + ".")));
    byField.values().forEach(fields::add);
    if (fields.isEmpty()) fields.add(field(prefix == null ? "body" : prefix, ErrorCode.VALIDATION_ERROR, "is invalid"));
    return error(fields);
  }

  /** 400 with these {@code details.fields}: one code when they agree, else VALIDATION_ERROR. */
  static ApiError error(JsonArray fields) {
    Set<String> codes = new LinkedHashSet<>();
    fields.forEach(f -> codes.add(((JsonObject) f).getString("code")));
    String code = codes.size() == 1 ? codes.iterator().next() : ErrorCode.VALIDATION_ERROR.name();
    JsonObject first = fields.getJsonObject(0);
    String message = "Invalid request: '" + first.getString("field") + "' " + first.getString("message")
      + (fields.size() > 1 ? " (and " + (fields.size() - 1) + " more)" : "");
    return new ApiError(400, code, message, new JsonObject().put("fields", fields));
  }

  /** The failing keywords themselves, not the schemas that contain them. */
  private static Iterable<OutputUnit> leaves(OutputUnit root) {
    java.util.List<OutputUnit> out = new java.util.ArrayList<>();
    if (root.getErrors() != null) {
      for (OutputUnit unit : root.getErrors()) {
        String keyword = lastSegment(unit.getKeywordLocation());
        if (!Set.of("properties", "items", "allOf", "anyOf", "oneOf", "$ref", "prefixItems", "then", "else")
          .contains(keyword)) out.add(unit);
      }
      if (out.isEmpty()) out.addAll(root.getErrors());
    }
    return out;
  }

  private static JsonObject field(String prefix, OutputUnit unit) {
    String keyword = lastSegment(unit.getKeywordLocation());
    String pointer = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    String name = pointerToName(pointer);
    String message = unit.getError() == null ? "is invalid" : unit.getError();
    ErrorCode code = ErrorCode.VALIDATION_ERROR;
    Matcher m;
    switch (keyword) {
      case "required" -> {
        code = ErrorCode.VALIDATION_REQUIRED_FIELD;
        if ((m = REQUIRED.matcher(message)).find()) name = join(name, m.group(1));
        message = "is required";
      }
      case "additionalProperties", "unevaluatedProperties" -> {
        code = ErrorCode.VALIDATION_UNKNOWN_FIELD;
        if ((m = UNKNOWN.matcher(message)).find() && !name.endsWith(m.group(1))) name = join(name, m.group(1));
        message = "is not a known field";
      }
      case "enum", "const" -> {
        code = ErrorCode.VALIDATION_INVALID_ENUM;
        message = "is not one of the allowed values";
      }
      case "format" -> {
        code = formatCode(message);
        if (code == ErrorCode.VALIDATION_INVALID_EMAIL) message = "must be a valid email address";
        if (code == ErrorCode.VALIDATION_INVALID_DATE) message = "must be an ISO-8601 date or date-time";
      }
      case "pattern" -> code = name.contains("phone") || name.contains("wa_number")
        ? ErrorCode.VALIDATION_INVALID_PHONE : ErrorCode.VALIDATION_ERROR;
      default -> {
      }
    }
    if (prefix != null) name = name.isEmpty() ? prefix : prefix + "." + name;
    return field(name.isEmpty() ? "body" : name, code, message);
  }

  private static ErrorCode formatCode(String message) {
    if (message.contains("email")) return ErrorCode.VALIDATION_INVALID_EMAIL;
    if (message.contains("date") || message.contains("time")) return ErrorCode.VALIDATION_INVALID_DATE;
    return ErrorCode.VALIDATION_ERROR;
  }

  private static JsonObject field(String name, ErrorCode code, String message) {
    return ApiError.fieldEntry(name, code.name(), message);
  }

  private static String pointerToName(String pointer) {
    String name = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    name = name.startsWith("/") ? name.substring(1) : name;
    return name.replace('/', '.').replace("~1", "/").replace("~0", "~");
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  private static String lastSegment(String location) {
    if (location == null) return "";
    int slash = location.lastIndexOf('/');
    return slash < 0 ? location : location.substring(slash + 1);
  }
}
