package verticles.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;
import verticles.bus.Values;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Step 1 of the request path (DESIGN.md §4): the request as its operation's contract types it, or a 400/415
 * {@link ApiError} naming each bad field. Replaces vertx-openapi's request validator, whose parameter
 * transformer (5.0.10) decodes query values a second time and parses strings as JSON ({@code C%2B%2B} became
 * "C  ", "-1" a number, {@code 100%25} an error); here:
 * <ul>
 *   <li>the path and query are percent-decoded exactly once, strictly: a malformed escape or bytes that are not
 *       UTF-8 → 400 {@code VALIDATION_INVALID_ENCODING} naming the parameter ({@link #decodeUri});</li>
 *   <li>string parameters stay strings; integers only in canonical decimal ({@code 1e2}, {@code +1}, {@code " 1"}
 *       → 400); booleans only {@code true}/{@code false}; then each value is checked against its schema;</li>
 *   <li>every string of the request (path, query, headers, body values and keys) is refused when it holds a NUL
 *       or a lone surrogate — PostgreSQL cannot store either;</li>
 *   <li>media types compare case-insensitively without their parameters (RFC 9110 §8.3.1); an operation without
 *       a body accepts an empty body or {@code {}} whatever the Content-Type, anything else is 400/415;</li>
 *   <li>{@code multipart/form-data} only where the operation declares it: its parts ({@link Bodies}, in memory) become
 *       an object of texts checked like a JSON body; everywhere else multipart is 415;</li>
 *   <li>any exception a schema keyword throws (e.g. {@code format: email} on "") is a 400, never a 500.</li>
 * </ul>
 * Validators are compiled once per operation; parsing runs on the event loop (no worker hop).
 */
final class RequestParser {
  /** Where {@link #decodeUri} leaves the decoded query (name → values) for {@link #parse}. */
  static final String QUERY = "decodedQuery";
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,18})");
  private static final String MULTIPART = "multipart/form-data";

  /** The operation's input, typed: what the router forwards on the bus. */
  record Parsed(JsonObject path, JsonObject query, JsonObject headers, Object body) {
  }

  private record Param(Parameter parameter, Validator validator) {
  }

  private record Shape(List<Param> params, RequestBody body, Map<String, Validator> bodyValidators) {
  }

  private final Map<String, Shape> shapes = new HashMap<>();

  RequestParser(OpenAPIContract contract) {
    for (Operation op : contract.operations()) {
      List<Param> params = new ArrayList<>();
      for (Parameter p : op.getParameters()) {
        params.add(new Param(p, contract.getSchemaRepository().validator(p.getSchema())));
      }
      Map<String, Validator> bodies = new HashMap<>();
      if (op.getRequestBody() != null) {
        op.getRequestBody().getContent().forEach((type, media) -> bodies.put(type.toLowerCase(Locale.ROOT),
          media.getSchema() == null ? null : contract.getSchemaRepository().validator(media.getSchema())));
      }
      shapes.put(op.getOperationId(), new Shape(params, op.getRequestBody(), bodies));
    }
  }

  // --- the URI, before anything else looks at it ---------------------------------------------------

  /**
   * Checks the raw path and decodes the raw query once (form encoding: {@code +} is a space), leaving
   * name → values in the context under {@link #QUERY}. Runs first for every request, so no later handler
   * meets a malformed escape.
   *
   * @throws ApiError 400 {@code VALIDATION_INVALID_ENCODING} naming "path" or the query parameter
   */
  static void decodeUri(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path != null) decode(path, false, "path");
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = ctx.request().query();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "query");
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, name);
        query.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
      }
    }
    ctx.put(QUERY, query);
  }

  /** Strict percent-decoding: every {@code %} starts two hex digits and the bytes are UTF-8. */
  static String decode(String s, boolean plusIsSpace, String field) {
    if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw invalidEncoding(field, "has a control character");
    if (s.chars().allMatch(c -> c != '%' && c < 0x80)) return plusIsSpace ? s.replace('+', ' ') : s;
    // the server reads the request line as ISO-8859-1: a char above 0x7f is one raw byte
    byte[] bytes = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
        if (lo < 0) throw invalidEncoding(field, "has a malformed percent-escape");
        bytes[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c > 0xff) {
        throw invalidEncoding(field, "is not UTF-8 text");
      } else {
        bytes[n++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
      }
    }
    return utf8(bytes, n, field);
  }

  /** The first {@code length} bytes as text, when they are strict UTF-8 (no overlong forms, no lone surrogates). */
  private static String utf8(byte[] bytes, int length, String field) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw invalidEncoding(field, "is not UTF-8 text");
    }
  }

  // --- the operation's input -----------------------------------------------------------------------

  /**
   * The typed input of {@code op}.
   *
   * @throws ApiError 400 ({@code VALIDATION_*}, one entry per bad field) or 415 {@code UNSUPPORTED_MEDIA_TYPE}
   */
  Parsed parse(RoutingContext ctx, Operation op) {
    Shape shape = shapes.get(op.getOperationId());
    Map<String, List<String>> query = ctx.get(QUERY);
    JsonObject path = new JsonObject(), queryOut = new JsonObject(), headers = new JsonObject();
    JsonArray problems = new JsonArray();
    for (Param p : shape.params()) {
      Parameter parameter = p.parameter();
      String name = parameter.getName();
      List<String> values = parameter.getIn() == Location.QUERY && query != null ? query.get(name) : null;
      if (values != null && values.size() > 1) {
        problems.add(field(name, ErrorCode.VALIDATION_ERROR, "is given more than once"));
        continue;
      }
      String raw = switch (parameter.getIn()) {
        case PATH -> ctx.pathParam(name);
        case QUERY -> values == null ? null : values.get(0);
        case HEADER -> ctx.request().getHeader(name);
        default -> null;
      };
      if (raw == null) {
        if (parameter.isRequired()) problems.add(field(name, ErrorCode.VALIDATION_REQUIRED_FIELD, "is required"));
        continue;
      }
      try {
        Object value = typed(parameter, raw);
        checkText(name, value);
        schema(p.validator(), name, value);
        (switch (parameter.getIn()) {
          case PATH -> path;
          case QUERY -> queryOut;
          default -> headers;
        }).put(name, value);
      } catch (ApiError e) {
        collect(problems, e);
      }
    }
    Object body = null;
    try {
      body = body(ctx, op, shape);
    } catch (ApiError e) {
      if (e.status() != 400) throw e;
      collect(problems, e);
    }
    if (!problems.isEmpty()) throw ContractErrors.error(problems);
    return new Parsed(path, queryOut, headers, body);
  }

  /** Typed by the parameter's schema type: only canonical forms, so "1e2" is not 100 and " 1" is not 1. */
  private static Object typed(Parameter parameter, String raw) {
    String name = parameter.getName();
    return switch (parameter.getSchemaType()) {
      case INTEGER -> {
        if (!INTEGER.matcher(raw).matches()) throw invalid(name, "must be an integer in decimal digits");
        try {
          yield Long.parseLong(raw);
        } catch (NumberFormatException e) {
          throw invalid(name, "is out of range");
        }
      }
      case NUMBER -> {
        try {
          if (!raw.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")) throw new NumberFormatException();
          yield Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          throw invalid(name, "must be a decimal number");
        }
      }
      case BOOLEAN -> switch (raw) {
        case "true" -> true;
        case "false" -> false;
        default -> throw invalid(name, "must be true or false");
      };
      default -> raw;
    };
  }

  private Object body(RoutingContext ctx, Operation op, Shape shape) {
    String mediaType = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (mediaType != null && mediaType.startsWith("multipart/")) {
      // only an operation declaring multipart/form-data takes one: Bodies read it in memory
      if (!MULTIPART.equals(mediaType) || !shape.bodyValidators().containsKey(MULTIPART)) {
        throw unsupported("Uploads and multipart forms are not accepted here; send "
          + (shape.body() == null ? "no body" : String.join(" or ", shape.body().getContent().keySet())));
      }
      return form(ctx, shape.bodyValidators().get(MULTIPART));
    }
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    boolean bodyOptional = shape.body() == null || !shape.body().isRequired();
    // an empty body or "{}" is no body wherever none is needed, whatever the Content-Type (browsers and curl -d '{}')
    boolean empty = buffer == null || buffer.length() == 0 || bodyOptional && buffer.toString(StandardCharsets.ISO_8859_1).strip().equals("{}");
    if (shape.body() == null) {
      if (empty) return null;
      if (!"application/json".equals(mediaType)) throw unsupported("This operation takes no request body");
      json(buffer);
      throw ErrorCode.VALIDATION_UNKNOWN_FIELD.forField("body", "is not accepted: this operation takes no request body");
    }
    if (empty) {
      if (shape.body().isRequired()) throw ErrorCode.VALIDATION_REQUIRED_FIELD.forField("body", "is required");
      return null;
    }
    if (mediaType == null || !shape.bodyValidators().containsKey(mediaType)) {
      throw unsupported("Unsupported content type; send " + String.join(" or ", shape.body().getContent().keySet()));
    }
    Object json = json(buffer);
    checkText("", json);
    Validator validator = shape.bodyValidators().get(mediaType);
    if (validator != null) schema(validator, null, json);
    return json;
  }

  /**
   * A multipart form as a JSON object for the bus: each part by its name, its content as text (strict UTF-8: the forms
   * the contract declares carry text files, the import's CSV), then checked like a JSON body (NUL, lone surrogates, the
   * schema: unknown and missing parts). A part given twice is a 400.
   */
  private static JsonObject form(RoutingContext ctx, Validator validator) {
    ApiError unreadable = ctx.get(Bodies.PROBLEM);
    if (unreadable != null) throw unreadable;
    Map<String, List<Buffer>> parts = ctx.get(Bodies.FORM);
    JsonObject form = new JsonObject();
    JsonArray problems = new JsonArray();
    if (parts != null) {
      parts.forEach((name, contents) -> {
        if (contents.size() > 1) {
          problems.add(field(name, ErrorCode.VALIDATION_ERROR, "is given more than once"));
          return;
        }
        byte[] bytes = contents.get(0).getBytes();
        try {
          form.put(name, utf8(bytes, bytes.length, name));
        } catch (ApiError e) {
          collect(problems, e);
        }
      });
    }
    if (!problems.isEmpty()) throw ContractErrors.error(problems);
    checkText("", form);
    if (validator != null) schema(validator, null, form);
    return form;
  }

  /** "Application/JSON; charset=UTF-8" → "application/json"; null when absent or blank. */
  static String mediaType(String contentType) {
    if (contentType == null) return null;
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.isEmpty() ? null : type;
  }

  /** Strict UTF-8 (overlong forms and a UTF-16 byte-order mark are refused), then JSON. */
  private static Object json(Buffer buffer) {
    byte[] bytes = buffer.getBytes();
    String text = utf8(bytes, bytes.length, "body");
    try {
      Object value = Json.decodeValue(text);
      if (value == null) throw new DecodeException("null");
      return value;
    } catch (DecodeException e) {
      throw ErrorCode.VALIDATION_INVALID_JSON.forField("body", "is not valid JSON");
    }
  }

  /** Runs a compiled schema; whatever a keyword throws is the client's bad value, never a 500. */
  private static void schema(Validator validator, String prefix, Object value) {
    OutputUnit result;
    try {
      result = validator.validate(value);
    } catch (RuntimeException e) {
      // vertx-json-schema 5.0.10's format checks throw on some values (format: email on ""): name the empty
      // strings, the known cause, else the whole value
      JsonArray empty = new JsonArray();
      emptyStrings(prefix == null ? "" : prefix, value, empty);
      if (empty.isEmpty()) throw invalid(prefix == null ? "body" : prefix, "is invalid");
      throw ContractErrors.error(empty);
    }
    if (result.getValid() == null || !result.getValid()) throw ContractErrors.invalid(prefix, result);
  }

  private static void emptyStrings(String field, Object value, JsonArray out) {
    if ("".equals(value)) out.add(field(field.isEmpty() ? "body" : field, ErrorCode.VALIDATION_ERROR, "must not be empty"));
    else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> e : object) emptyStrings(field.isEmpty() ? e.getKey() : field + "." + e.getKey(), e.getValue(), out);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) emptyStrings(field.isEmpty() ? String.valueOf(i) : field + "." + i, array.getValue(i), out);
    }
  }

  /** Refuses NUL and lone surrogates anywhere in a value, keys included; {@code field} names where. */
  private static void checkText(String field, Object value) {
    if (value instanceof String s) {
      if (!Values.storable(s)) throw invalidEncoding(field.isEmpty() ? "body" : field, "must not contain NUL characters or unpaired surrogates");
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> e : object) {
        String child = field.isEmpty() ? e.getKey() : field + "." + e.getKey();
        checkText(child, e.getKey());
        checkText(child, e.getValue());
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) checkText(field.isEmpty() ? String.valueOf(i) : field + "." + i, array.getValue(i));
    }
  }

  private static void collect(JsonArray problems, ApiError e) {
    JsonArray fields = e.details() == null ? null : e.details().getJsonArray("fields");
    if (fields != null) fields.forEach(problems::add);
  }

  private static JsonObject field(String name, ErrorCode code, String message) {
    return ApiError.fieldEntry(name, code.name(), message);
  }

  private static ApiError invalid(String field, String message) {
    return ErrorCode.VALIDATION_ERROR.forField(field, message);
  }

  private static ApiError invalidEncoding(String field, String message) {
    return ErrorCode.VALIDATION_INVALID_ENCODING.forField(field, message);
  }

  private static ApiError unsupported(String message) {
    return ErrorCode.UNSUPPORTED_MEDIA_TYPE.error(message);
  }

}
