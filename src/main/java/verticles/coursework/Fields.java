package verticles.coursework;

import verticles.bus.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Request values the contract cannot check alone, each refused as a 400 naming its field. */
final class Fields {
  private Fields() {
  }

  /**
   * A title of 5 to 200 characters once trimmed (the column's CHECK): characters as the contract and {@code
   * char_length} count them (code points), so an emoji is one, not two UTF-16 units.
   */
  static String title(String text) {
    String title = text.strip();
    int characters = title.codePointCount(0, title.length());
    if (characters < 5 || characters > 200) {
      throw ErrorCode.VALIDATION_ERROR.forField("title", "must have 5 to 200 characters");
    }
    return title;
  }

  /** An absolute http or https URL with a host (a link students and staff open); null stays null. */
  static String url(String field, String text) {
    if (text == null) return null;
    String url = text.strip();
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) return url;
    } catch (URISyntaxException e) {
      // refused below
    }
    throw ErrorCode.VALIDATION_ERROR.forField(field, "must be an http or https URL, e.g. https://github.com/user/project");
  }

  /** A search term as an ILIKE pattern matching it anywhere, its wildcards escaped; null for none. */
  static String containing(String search) {
    if (search == null || search.isBlank()) return null;
    return "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
