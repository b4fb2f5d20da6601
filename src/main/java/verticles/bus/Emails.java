package verticles.bus;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Email addresses as anti-abuse keys. The address is stored apart from its key; limits and uniqueness checks that a
 * stranger could dodge with a variant of one mailbox use {@link #canonical}: NFKC, lower case, no trailing
 * dot on the domain, no {@code +tag}, and the dots of providers known to ignore them (Gmail) removed, so
 * {@code Na.Me+1@GoogleMail.com.} and {@code name@gmail.com} are one key.
 */
public final class Emails {
  /** Providers that deliver {@code n.a.m.e@} to {@code name@}, mapped to their canonical domain. */
  private static final Set<String> DOTLESS = Set.of("gmail.com", "googlemail.com");

  /** The characters a local part may hold, and a domain label: the contract's {@code format: email} (vertx-json-schema). */
  private static final Pattern LOCAL = Pattern.compile("[a-z0-9.!#$%&'*+/=?^_`{|}~-]+", Pattern.CASE_INSENSITIVE),
    LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", Pattern.CASE_INSENSITIVE);

  private Emails() {
  }

  /**
   * Whether {@code email} is an address the contract's {@code Email} schema accepts, for input that does not come
   * through the contract (a CSV file's rows): at most 254 characters, one {@code @}, a local part of at most 64 of
   * the characters {@code format: email} allows without leading, trailing or double dots, and a domain of at least two
   * host-name labels.
   */
  public static boolean valid(String email) {
    if (email == null || email.length() > 254) return false;
    int at = email.indexOf('@');
    if (at <= 0 || at != email.lastIndexOf('@')) return false;
    String local = email.substring(0, at), domain = email.substring(at + 1);
    if (local.length() > 64 || !LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
      || local.contains("..")) {
      return false;
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) return false;
    for (String label : labels) if (!LABEL.matcher(label).matches()) return false;
    return true;
  }

  /** The canonical key of an address (the input is assumed to be a valid address; null stays null). */
  public static String canonical(String email) {
    if (email == null) return null;
    String value = Normalizer.normalize(email.trim(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    int at = value.lastIndexOf('@');
    if (at < 0) return value;
    String local = value.substring(0, at);
    String domain = value.substring(at + 1);
    while (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
    int plus = local.indexOf('+');
    if (plus > 0) local = local.substring(0, plus);
    if (DOTLESS.contains(domain)) {
      local = local.replace(".", "");
      domain = "gmail.com";
    }
    return local + "@" + domain;
  }
}
