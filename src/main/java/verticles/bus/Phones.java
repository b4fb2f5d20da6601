package verticles.bus;

import java.util.regex.Pattern;

/**
 * Indonesian phone numbers: accepted as {@code +62…}, {@code 62…} or {@code 0…} (spaces, dots and dashes
 * ignored) and stored in one form, {@code +62…}, so the same number always compares equal.
 */
public final class Phones {
  /** What the contract accepts (before normalisation). */
  public static final String PATTERN = "^(\\+62|62|0)[1-9][0-9]{7,12}$";
  private static final Pattern VALID = Pattern.compile(PATTERN);

  private Phones() {
  }

  /** The +62 form, or null when the value is not an Indonesian number. */
  public static String normalize(String raw) {
    if (raw == null) return null;
    String compact = raw.replaceAll("[\\s.\\-()]", "");
    if (!VALID.matcher(compact).matches()) return null;
    if (compact.startsWith("+62")) return compact;
    if (compact.startsWith("62")) return "+" + compact;
    return "+62" + compact.substring(1);
  }
}
