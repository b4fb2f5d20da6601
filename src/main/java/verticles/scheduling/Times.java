package verticles.scheduling;

import verticles.bus.ErrorCode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times in the API: ISO-8601 instants (stored UTC, microsecond precision like PostgreSQL). Filters also
 * take plain dates, read in the academy's zone: a lower bound is the day's first instant, an upper bound
 * includes the whole day.
 */
final class Times {
  private Times() {
  }

  /** An ISO-8601 date-time (any offset) as UTC at microsecond precision. */
  static OffsetDateTime instant(String field, String text) {
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException | NullPointerException e) {
      throw Ids.invalid(ErrorCode.VALIDATION_INVALID_DATE, field, field + " must be an ISO-8601 date-time");
    }
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
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw Ids.invalid(ErrorCode.VALIDATION_INVALID_DATE, field, field + " must be an ISO-8601 date (YYYY-MM-DD)");
    }
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
