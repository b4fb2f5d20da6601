package verticles.bus;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Email addresses as anti-abuse keys. The address is stored apart from its key; limits and uniqueness checks that a
 * stranger could dodge with a variant of one mailbox use {@link #canonical}: NFKC, lower case, no trailing
 * dot on the domain, no {@code +tag}, and the dots of providers known to ignore them (Gmail) removed, so
 * {@code Na.Me+1@GoogleMail.com.} and {@code name@gmail.com} are one key.
 */
public final class Emails {
  /** Providers that deliver {@code n.a.m.e@} to {@code name@}, mapped to their canonical domain. */
  private static final Set<String> DOTLESS = Set.of("gmail.com", "googlemail.com");

  private Emails() {
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
