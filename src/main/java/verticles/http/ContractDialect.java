package verticles.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;

/**
 * The contract as the router validates with it. {@code openapi.yaml} speaks JSON Schema, whose {@code pattern}s are
 * ECMA-262 regular expressions; the validator runs them as Java ones, which differ where it matters to input:
 * <ul>
 *   <li>Java's {@code $} also matches before a final line break, so {@code "10:00\n"} passed {@code ^…$} patterns
 *       (and broke a parser behind them): a final {@code $} becomes {@code \z};</li>
 *   <li>Java's {@code \s} is ASCII whitespace only, so a name of no-break spaces passed {@code '\S'}: {@code \s} and
 *       {@code \S} are spelled out as ECMA-262's whitespace set (which has U+00A0, U+3000, U+FEFF, … and not
 *       U+0085).</li>
 * </ul>
 * Besides, RFC 3339 has no year 0000, which the validator's {@code format: date} allows: date and date-time schemas
 * get a pattern refusing it (years past 9999 are not four digits and fail the format already). The file itself is
 * left as the standard says; only the copy the validator compiles is adjusted.
 */
final class ContractDialect {
  /** Marks an adjusted pattern (an empty group: matches nothing, changes nothing). */
  private static final String MARK = "(?:)";
  private static final String NO_YEAR_ZERO = MARK + "^(?!0000)";

  private ContractDialect() {
  }

  /** The contract text (YAML) as the JSON the router builds from, adjusted for Java's regular expressions. */
  static JsonObject of(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(16 * 1024 * 1024);
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = new Yaml(options).load(yaml);
    JsonObject contract = new JsonObject(tree);
    adjust(contract);
    return contract;
  }

  private static void adjust(Object node) {
    if (node instanceof JsonObject object) {
      if (object.getValue("pattern") instanceof String pattern) object.put("pattern", java(pattern));
      Object format = object.getValue("format");
      if (("date".equals(format) || "date-time".equals(format)) && !object.containsKey("pattern")) {
        object.put("pattern", NO_YEAR_ZERO);
      }
      for (String key : object.fieldNames()) adjust(object.getValue(key));
    } else if (node instanceof JsonArray array) {
      for (Object item : array) adjust(item);
    } else if (node instanceof Map<?, ?> || node instanceof java.util.List<?>) {
      throw new IllegalStateException("unwrapped JSON container"); // JsonObject wraps nested maps on access
    }
  }

  /** ECMA-262's WhiteSpace and LineTerminator code points, as the inside of a Java character class. */
  private static final String ECMA_WHITESPACE =
    "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

  /** An ECMA-262 pattern as Java runs it the same way. */
  static String java(String pattern) {
    if (pattern.startsWith(MARK)) return pattern; // a schema shared through a YAML alias, already adjusted
    StringBuilder out = new StringBuilder(MARK);
    boolean inClass = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        char next = pattern.charAt(++i);
        if (next == 's') out.append(inClass ? ECMA_WHITESPACE : "[" + ECMA_WHITESPACE + "]");
        else if (next == 'S' && !inClass) out.append("[^").append(ECMA_WHITESPACE).append("]");
        else out.append(c).append(next);
        continue;
      }
      if (c == '[' && !inClass) inClass = true;
      else if (c == ']' && inClass) inClass = false;
      else if (c == '$' && !inClass && i == pattern.length() - 1) {
        out.append("\\z");
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }
}
