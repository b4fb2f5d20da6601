package verticles.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Valid values from the contract's JSON schemas (the resolved schemas vertx-openapi hands out: {@code $ref}s
 * inlined). In order of preference: a {@link Hints hint} (a real fixture for a property of that name), the
 * schema's {@code example}/{@code examples}, {@code const}, the first {@code enum} value, {@code default}, then
 * a value built from {@code type}/{@code format}/{@code pattern} within min/max bounds. Objects get their
 * required properties (plus optional ones until {@code minProperties} is met, plus {@link #ALWAYS} names); a
 * body that requires nothing gets all its plain properties; mutations add the other optional ones. UUIDs come
 * from the seeded {@link Random}; dates are fixed offsets from today (UTC), so the same seed gives the same
 * requests on a given day. Made-up emails, keys and names are recorded in {@link #fresh}.
 */
public final class SchemaValues {
  /** Optional properties put in every baseline: without them a request never gets past the first business rule. */
  public static final Set<String> ALWAYS = Set.of("idempotency_key", "captcha_token", "weeks");

  /** Where a value goes. */
  public enum Where { BODY, QUERY, PATH, HEADER }

  /** Fixture values for well-known names; {@code null} means "no hint, generate". */
  public interface Hints {
    Object valueFor(String name, JsonObject schema, Where where, Set<String> siblingNames);
  }

  /** Strings tried, in order, against a {@code pattern} that no hint or format covers. */
  private static final List<String> PATTERN_CANDIDATES = List.of("fuzz", "10:00", "fuzz-key-0001", "081234567890",
    "fuzz@fuzz.test", "2027-03-10", "Fuzz", "1", "a", "REG-2027-03-001", "0000-00");

  /** Kinds of generated value that are made unique per request (see {@link #fresh}). */
  public enum Fresh { EMAIL, KEY, TEXT }

  private final Random random;
  private final Hints hints;
  private final LocalDate today;
  /**
   * Values this generator made up that a request should not repeat (an email, an idempotency key, a name):
   * the sender makes each unique per request, so that a second request is not refused only because the
   * first one took the name, the email or the key.
   */
  public final Map<String, Fresh> fresh = new java.util.HashMap<>();

  public SchemaValues(Random random, Hints hints, LocalDate today) {
    this.random = random;
    this.hints = hints;
    this.today = today;
  }

  /** The schema of a vertx-openapi object as JSON (boolean schemas → {}). */
  public static JsonObject json(JsonSchema schema) {
    return schema instanceof JsonObject o ? o : new JsonObject();
  }

  /** A date {@code days} from today (UTC), ISO. */
  public String date(int days) {
    return today.plusDays(days).toString();
  }

  /** An instant {@code days} from today at {@code hour}:00 UTC, ISO. */
  public String instant(int days, int hour) {
    return today.plusDays(days).atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC).toString();
  }

  public UUID uuid() {
    return new UUID((random.nextLong() & ~0xf000L) | 0x4000L, (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
  }

  /** A valid value for a value named {@code name} (property or parameter) with this schema. */
  public Object valid(String name, JsonObject schema, Where where, Set<String> siblingNames) {
    return valid(name, schema, where, siblingNames, 0);
  }

  public Object valid(String name, JsonObject schema, Where where) {
    return valid(name, schema, where, Set.of(), 0);
  }

  private Object valid(String name, JsonObject schema, Where where, Set<String> siblings, int depth) {
    Object hint = hints == null ? null : hints.valueFor(name, schema, where, siblings);
    if (hint != null) return hint;
    JsonObject s = effective(schema);
    if (s.containsKey("example")) return Json.fromVertx(s.getValue("example"));
    if (s.getValue("examples") instanceof JsonArray ex && !ex.isEmpty()) return Json.fromVertx(ex.getValue(0));
    if (s.containsKey("const")) return Json.fromVertx(s.getValue("const"));
    if (s.getValue("enum") instanceof JsonArray e) {
      for (Object v : e) if (v != null) return Json.fromVertx(v);
    }
    String type = type(s);
    if (s.containsKey("default") && !"object".equals(type) && !"array".equals(type)) return Json.fromVertx(s.getValue("default"));
    return switch (type) {
      case "object" -> object(s, where, depth);
      case "array" -> array(name, s, where, depth);
      case "integer", "number" -> number(s);
      case "boolean" -> Boolean.TRUE;
      case "null" -> null;
      default -> string(name, s);
    };
  }

  /** An object with its required properties (and {@link #ALWAYS}, and enough for minProperties). */
  public Map<String, Object> object(JsonObject schema, Where where, int depth) {
    JsonObject s = effective(schema);
    Map<String, Object> out = new LinkedHashMap<>();
    JsonObject props = s.getJsonObject("properties", new JsonObject());
    Set<String> required = new LinkedHashSet<>();
    if (s.getValue("required") instanceof JsonArray r) r.forEach(v -> required.add((String) v));
    int min = s.getInteger("minProperties", 0);
    // a top-level body that requires nothing (e.g. a guest's chat start): all its plain properties
    boolean all = depth == 0 && required.isEmpty() && min == 0;
    for (String p : props.fieldNames()) {
      String type = type(effective(props.getJsonObject(p)));
      boolean plain = !type.equals("object") && !type.equals("array");
      if (required.contains(p) || ALWAYS.contains(p) || (out.size() < min && depth < 4) || (all && plain)) {
        out.put(p, valid(p, props.getJsonObject(p), where, props.fieldNames(), depth + 1));
      }
    }
    return out;
  }

  private List<Object> array(String name, JsonObject s, Where where, int depth) {
    List<Object> out = new ArrayList<>();
    JsonObject items = s.getJsonObject("items", new JsonObject());
    int n = Math.max(1, s.getInteger("minItems", 1));
    if (s.containsKey("maxItems")) n = Math.min(n, s.getInteger("maxItems"));
    JsonObject item = effective(items);
    for (int i = 0; i < n; i++) {
      if (item.getValue("enum") instanceof JsonArray e && e.size() > i) out.add(e.getValue(i));
      else out.add(valid(name, items, where, Set.of(), depth + 1));
    }
    return out;
  }

  private Object number(JsonObject s) {
    Number min = s.getNumber("minimum"), max = s.getNumber("maximum");
    long value = min != null ? (long) Math.ceil(min.doubleValue()) : 1;
    if (max != null && value > max.longValue()) value = max.longValue();
    return value;
  }

  private String string(String name, JsonObject s) {
    String format = s.getString("format", "");
    int maxLength = s.getInteger("maxLength", Integer.MAX_VALUE);
    int minLength = s.getInteger("minLength", 0);
    String value = switch (format) {
      case "uuid" -> uuid().toString();
      case "email" -> remember("fuzz@fuzz.test", Fresh.EMAIL);
      case "date-time" -> instant(300, 3);
      case "date" -> date(200);
      default -> null;
    };
    if (value == null && s.containsKey("pattern")) {
      Pattern pattern = Pattern.compile(s.getString("pattern"));
      for (String candidate : PATTERN_CANDIDATES) {
        if (pattern.matcher(candidate).find() && candidate.length() <= maxLength && candidate.length() >= minLength) {
          value = candidate;
          if (candidate.startsWith("fuzz-key")) remember(candidate, Fresh.KEY);
          else if (candidate.equals("fuzz") && maxLength >= 20) remember(candidate, Fresh.TEXT);
          break;
        }
      }
    }
    if (value == null) {
      value = "Fuzz " + name;
      if (value.length() + 8 <= maxLength) remember(value, Fresh.TEXT);
    }
    while (value.length() < minLength) value = value + "x";
    return value.length() > maxLength ? value.substring(0, maxLength) : value;
  }

  private String remember(String value, Fresh kind) {
    fresh.put(value, kind);
    return value;
  }

  /**
   * The schema with {@code allOf} merged in and, for {@code anyOf}/{@code oneOf}, the first alternative that is
   * not just {@code null} merged in (keywords of the schema itself win).
   */
  public static JsonObject effective(JsonObject schema) {
    if (schema == null) return new JsonObject();
    JsonObject out = schema.copy();
    if (schema.getValue("allOf") instanceof JsonArray all) {
      out.remove("allOf");
      for (Object part : all) out = merge(out, effective((JsonObject) part));
    }
    for (String key : new String[]{"anyOf", "oneOf"}) {
      if (schema.getValue(key) instanceof JsonArray alternatives) {
        out.remove(key);
        for (Object alt : alternatives) {
          JsonObject a = effective((JsonObject) alt);
          if (!"null".equals(a.getValue("type"))) {
            out = merge(out, a);
            break;
          }
        }
      }
    }
    return out;
  }

  private static JsonObject merge(JsonObject base, JsonObject extra) {
    JsonObject out = base.copy();
    for (String k : extra.fieldNames()) {
      if (k.equals("properties") && out.getValue(k) instanceof JsonObject p) {
        out.put(k, p.copy().mergeIn(extra.getJsonObject(k)));
      } else if (k.equals("required") && out.getValue(k) instanceof JsonArray r) {
        JsonArray all = r.copy();
        extra.getJsonArray(k).forEach(v -> {
          if (!all.contains(v)) all.add(v);
        });
        out.put(k, all);
      } else if (!out.containsKey(k)) {
        out.put(k, extra.getValue(k));
      }
    }
    return out;
  }

  /** The schema's main type: the first of {@code type} that is not "null"; guessed from keywords when absent. */
  public static String type(JsonObject s) {
    Object t = s.getValue("type");
    if (t instanceof String str) return str;
    if (t instanceof JsonArray arr) {
      for (Object v : arr) if (!"null".equals(v)) return (String) v;
      return "null";
    }
    if (s.containsKey("properties")) return "object";
    if (s.containsKey("items")) return "array";
    return "string";
  }

  /** Today, for callers that build dates relative to the same day. */
  public LocalDate today() {
    return today;
  }
}
