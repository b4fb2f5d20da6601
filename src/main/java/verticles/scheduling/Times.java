package verticles.scheduling;

import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times in the API: ISO-8601 instants with any offset ({@code Z}, {@code +07:00}, {@code -05:00}), stored in UTC at
 * whole seconds — class times are truncated to the second on the way in, so what is stored, conflict-checked,
 * offered by availability and exported is the same instant — and in the years 0001–9999 only (RFC 3339 has
 * no other years; a later one → 400). Filters also
 * take plain dates, read in the academy's zone: a lower bound is the day's first instant, an upper bound
 * includes the whole day.
 */
final class Times {
  private Times() {
  }

  static final int LAST_YEAR = 9999;

  /** An ISO-8601 date-time (any offset) as UTC, truncated to the second. */
  static OffsetDateTime instant(String field, String text) {
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException | NullPointerException e) {
      throw Ids.invalid(ErrorCode.VALIDATION_INVALID_DATE, field, field + " must be an ISO-8601 date-time");
    }
    if (!inRange(time.getYear())) throw outOfRange(field);
    return time;
  }

  /** Within RFC 3339's years. */
  static boolean inRange(int year) {
    return year >= 1 && year <= LAST_YEAR;
  }

  static ApiError outOfRange(String field) {
    return Ids.invalid(ErrorCode.VALIDATION_INVALID_DATE, field, field + " must fall in the years 0001–" + LAST_YEAR);
  }

  /** From a date (its first instant) or a date-time; null stays null. */
  static OffsetDateTime lower(String field, String text, ZoneId zone) {
    if (text == null) return null;
    if (text.length() == 10) return date(field, text).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    return instant(field, text);
  }

  /** Until a date (inclusive: its last microsecond) or a date-time; null stays null. */
  static OffsetDateTime upper(String field, String text, ZoneId zone) {
    if (text == null) return null;
    if (text.length() == 10) {
      return date(field, text).plusDays(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)
        .minus(1, ChronoUnit.MICROS);
    }
    return instant(field, text);
  }

  static LocalDate date(String field, String text) {
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw Ids.invalid(ErrorCode.VALIDATION_INVALID_DATE, field, field + " must be an ISO-8601 date (YYYY-MM-DD)");
    }
    if (!inRange(date.getYear())) throw outOfRange(field);
    return date;
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
  }
}
