package verticles.billing;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Rupiah as the academy writes them on invoices: {@code Rp 250.000} (dots group thousands, no decimals). */
final class Money {
  private Money() {
  }

  static String rupiah(long amount) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
    symbols.setGroupingSeparator('.');
    DecimalFormat format = new DecimalFormat("#,##0", symbols);
    return "Rp " + format.format(amount);
  }
}
