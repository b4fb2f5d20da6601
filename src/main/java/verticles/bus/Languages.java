package verticles.bus;

import java.util.Locale;

/**
 * The languages the academy speaks to people (DESIGN.md §14): Indonesian ({@code id}, the default) and English
 * ({@code en}). A request names its preference with {@code Accept-Language} (RFC 9110 §12.5.4).
 */
public final class Languages {
  public static final String INDONESIAN = "id", ENGLISH = "en";

  private Languages() {
  }

  /**
   * The supported language an {@code Accept-Language} value prefers most — the highest {@code q} among the ranges
   * naming {@code id…} or {@code en…}, the earlier range on a tie — or {@code id} when it names neither (absent,
   * {@code *}, other languages, unreadable). {@code "en-US,en;q=0.9"} → en; {@code "id-ID,en;q=0.8"} → id;
   * {@code "fr,en;q=0.5"} → en. Never throws: every operation that writes in the caller's language reads it.
   */
  public static String of(String acceptLanguage) {
    if (acceptLanguage == null) return INDONESIAN;
    String best = INDONESIAN;
    double bestQ = 0;
    for (String range : acceptLanguage.split(",")) {
      String[] parts = range.split(";", -1); // -1: ";" alone is ["", ""], never an empty array
      String tag = parts[0].trim().toLowerCase(Locale.ROOT);
      String language = tag.equals(ENGLISH) || tag.startsWith(ENGLISH + "-") ? ENGLISH
        : tag.equals(INDONESIAN) || tag.startsWith(INDONESIAN + "-") ? INDONESIAN : null;
      if (language == null) continue;
      double q = quality(parts);
      if (q > bestQ) {
        best = language;
        bestQ = q;
      }
    }
    return best;
  }

  /** A range's weight: its {@code q} parameter (0 to 1), 1 without one, 0 when unreadable. */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q') && parameter.charAt(1) == '=') {
        try {
          double q = Double.parseDouble(parameter.substring(2).trim());
          return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
