package verticles.bus;

import java.util.UUID;

/** Lenient readings of optional request values, for handlers that report their own field errors. */
public final class Values {
  private Values() {
  }

  /** The UUID, or null when absent or not a UUID. */
  public static UUID uuidOrNull(String text) {
    if (text == null) return null;
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The text without surrounding blanks, or null when absent or blank. */
  public static String trimmedOrNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  /** Text PostgreSQL can store: no NUL, every surrogate paired. */
  public static boolean storable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) return false;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every string in a JSON value (object keys included) is {@link #storable}. */
  public static boolean storableJson(Object value) {
    if (value instanceof String s) return storable(s);
    if (value instanceof io.vertx.core.json.JsonObject object) {
      for (var e : object) if (!storable(e.getKey()) || !storableJson(e.getValue())) return false;
    } else if (value instanceof io.vertx.core.json.JsonArray array) {
      for (Object item : array) if (!storableJson(item)) return false;
    }
    return true;
  }
}
