package verticles.notify;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import verticles.bus.LocalTimes;

/**
 * How emails show values (DESIGN.md §14), per language: money {@code Rp 250.000,00} (English {@code Rp 250,000.00}),
 * dates {@code 11 Mei 2025} / {@code 11 May 2025}, times in the academy's zone with its Indonesian name
 * ({@code 15 Mei 2025 pukul 01.00 WIB} / {@code 15 May 2025, 01:00 WIB}) — dates and times as {@link LocalTimes} shows
 * them, the one class the API's local times (coursework's {@code due_date_local}) come from too. A value that is already
 * text (the seed's {@code "amount": "Rp 250.000,00"}, {@code "date": "11 Mei 2025"}) is shown as given.
 */
final class Formats {
  private final LocalTimes times;

  Formats(ZoneId zone) {
    this.times = new LocalTimes(zone);
  }

  /** Rupiah, two decimals; text that is not a number stays as given. */
  String money(Object value, String language) {
    BigDecimal amount = number(value);
    if (amount == null) return String.valueOf(value);
    boolean en = "en".equals(language);
    DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
    symbols.setGroupingSeparator(en ? ',' : '.');
    symbols.setDecimalSeparator(en ? '.' : ',');
    return "Rp " + new DecimalFormat("#,##0.00", symbols).format(amount);
  }

  /** A calendar date (an ISO date, or the academy-local date of an instant); other text stays as given. */
  String date(Object value, String language) {
    String text = String.valueOf(value);
    LocalDate date;
    try {
      date = text.length() == 10 ? LocalDate.parse(text) : times.localDate(instant(text));
    } catch (DateTimeParseException e) {
      return text;
    }
    return times.date(date, language);
  }

  /** An instant in the academy's zone with the zone's name; other text stays as given. */
  String dateTime(Object value, String language) {
    String text = String.valueOf(value);
    try {
      return times.dateTime(instant(text), language) + " " + times.zoneName();
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** Only the clock time, e.g. the end of a class: {@code 10.00 WIB} / {@code 10:00 WIB}. */
  String time(Object value, String language) {
    String text = String.valueOf(value);
    try {
      return times.time(instant(text), language) + " " + times.zoneName();
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }

  /** At most 13 integer digits (under ten trillion rupiah) and two decimals: anything else (1e30000000, …) is text, shown as given. */
  private static final java.util.regex.Pattern AMOUNT = java.util.regex.Pattern.compile("\\d{1,13}(\\.\\d{1,2})?");

  private static BigDecimal number(Object value) {
    if (value instanceof Number n) {
      BigDecimal amount;
      try {
        amount = new BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        return null; // NaN, or Infinity: a JSON number too large for a double
      }
      // the bounds of AMOUNT, judged without writing the digits out (a BigDecimal of 1e30000000 has thirty million)
      return amount.signum() >= 0 && amount.precision() - amount.scale() <= 13 && amount.scale() <= 2 ? amount : null;
    }
    String text = String.valueOf(value).trim();
    return AMOUNT.matcher(text).matches() ? new BigDecimal(text) : null;
  }
}
