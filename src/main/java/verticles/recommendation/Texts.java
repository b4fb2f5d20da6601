package verticles.recommendation;

import verticles.bus.Languages;
import verticles.bus.LocalTimes;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The recommendations' words in one language ({@code i18n/recommendation*.properties}: Indonesian by default, English
 * for {@code en}), with times in the academy's zone ("Sabtu 09.00–10.00 WIB", "Saturday 09:00–10:00 WIB"), dates
 * ("15 Mei 2026") and money ("Rp 250.000") as the academy writes them.
 */
final class Texts {
  private static final ResourceBundle.Control NO_FALLBACK =
    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final Locale INDONESIAN = Locale.forLanguageTag("id-ID");

  private final String language;
  private final Locale locale;
  private final ResourceBundle bundle;
  private final LocalTimes times;

  Texts(String language, LocalTimes times) {
    this.language = Languages.ENGLISH.equals(language) ? Languages.ENGLISH : Languages.INDONESIAN;
    this.locale = this.language.equals(Languages.ENGLISH) ? Locale.ENGLISH : INDONESIAN;
    this.bundle = ResourceBundle.getBundle("i18n.recommendation",
      this.language.equals(Languages.ENGLISH) ? Locale.ENGLISH : Locale.ROOT, NO_FALLBACK);
    this.times = times;
  }

  String language() {
    return language;
  }

  String text(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), locale).format(args);
  }

  String level(String level) {
    return level == null ? "" : bundle.getString("level." + level);
  }

  String day(DayOfWeek day) {
    return bundle.getString("day." + day.name().toLowerCase(Locale.ROOT));
  }

  /** "Sabtu 09.00–10.00 WIB" / "Saturday 09:00–10:00 WIB". */
  String slot(Instant start, Instant end) {
    return day(times.localDate(start).getDayOfWeek()) + " " + times.time(start, language) + "–" + times.time(end, language)
      + " " + times.zoneName();
  }

  /** "15 Mei 2026, Sabtu 09.00–10.00 WIB": a class's date and times. */
  String dated(Instant start, Instant end) {
    return date(times.localDate(start)) + ", " + slot(start, end);
  }

  String date(LocalDate date) {
    return times.date(date, language);
  }

  /** A preferred time range: "09.00–12.00 WIB" / "09:00–12:00 WIB". */
  String range(int fromMinute, int toMinute) {
    String sep = language.equals(Languages.ENGLISH) ? ":" : ".";
    return Preferences.clock(fromMinute).replace(":", sep) + "–" + Preferences.clock(toMinute).replace(":", sep)
      + " " + times.zoneName();
  }

  /** Rupiah the Indonesian way in both languages: "Rp 250.000". */
  static String rupiah(long amount) {
    DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
    symbols.setGroupingSeparator('.');
    return "Rp " + new DecimalFormat("#,##0", symbols).format(amount);
  }

  /** A rating average: "4,50" / "4.50". */
  String rating(double average) {
    return String.format(locale, "%.2f", average);
  }
}
