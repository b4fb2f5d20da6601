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
}
