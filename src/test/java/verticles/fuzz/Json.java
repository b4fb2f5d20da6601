package verticles.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fuzzer's own JSON tree and encoder. Request bodies are {@code Map<String, Object>} (insertion ordered),
 * {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean}, {@code null} and {@link Raw} tokens
 * written verbatim (numbers such as {@code 1e400} or {@code 9223372036854775808} that no Java type holds, or
 * deliberately broken JSON). Strings are encoded by hand so that a lone surrogate is sent as a JSON backslash-u
 * escape (six ASCII characters: backslash, u, d800) — a general-purpose encoder would turn it into {@code '?'} on
 * the way to UTF-8 — and control characters (NUL included) as backslash-u escapes too; everything else goes out
 * as UTF-8.
 */
public final class Json {
  private Json() {
  }

  /** A JSON fragment sent exactly as written. */
  public record Raw(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  public static byte[] bytes(Object value) {
    return encode(value).getBytes(StandardCharsets.UTF_8);
  }

  public static String encode(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Raw raw) {
      out.append(raw.text());
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
      || value instanceof java.math.BigInteger) {
      out.append(value);
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) out.append((long) d);
      else out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) out.append(',');
        write(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i)); // a proper pair: UTF-8 (4 bytes)
          } else if (Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c)); // lone surrogate: only expressible as an escape
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A deep copy of a tree (maps and lists copied, leaves shared: they are immutable). */
  @SuppressWarnings("unchecked")
  public static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, copy(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object v : list) out.add(copy(v));
      return out;
    }
    return value;
  }

  /** A Vert.x JSON value as a tree. */
  public static Object fromVertx(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> out = new LinkedHashMap<>();
      o.forEach(e -> out.put(e.getKey(), fromVertx(e.getValue())));
      return out;
    }
    if (value instanceof JsonArray a) {
      List<Object> out = new ArrayList<>();
      a.forEach(v -> out.add(fromVertx(v)));
      return out;
    }
    if (value instanceof Map<?, ?> m) return fromVertx(new JsonObject((Map<String, Object>) m));
    if (value instanceof List<?> l) return fromVertx(new JsonArray((List<?>) l));
    return value;
  }
}
