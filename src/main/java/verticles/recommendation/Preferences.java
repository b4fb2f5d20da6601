package verticles.recommendation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a visitor, a registration or a student's history asks for (seed §5.1's preferences): {@code level}
 * (beginner|intermediate|advanced), {@code instrument} (instrument or category, compared case-insensitively, Indonesian
 * and English names alike: {@link Instruments}), {@code days} (weekday names), a time range {@code time_from}–
 * {@code time_to} (academy time, minutes of the day), {@code start_date} (academy date), {@code max_price_per_session}
 * (rupiah) and {@code limit} (1–20, default 5). Every part is optional: absent means "any".
 */
record Preferences(String level, String instrument, Set<DayOfWeek> days, Integer fromMinute, Integer toMinute,
                   LocalDate startDate, Long maxPrice, int limit) {
  static final int DEFAULT_LIMIT = 5, MAX_LIMIT = 20;
  static final List<String> LEVELS = List.of("beginner", "intermediate", "advanced");

  static Preferences none(int limit) {
    return new Preferences(null, null, EnumSet.noneOf(DayOfWeek.class), null, null, null, null, limit);
  }

  boolean hasTimeRange() {
    return fromMinute != null;
  }

  Preferences withLevel(String newLevel) {
    return new Preferences(newLevel, instrument, days, fromMinute, toMinute, startDate, maxPrice, limit);
  }

  /**
   * Reads the query of {@code GET /api/recommendations/courses} (also what the chat assistant sends): strings as the
   * router passes them, numbers as numbers or canonical decimal text. Every bad field is named in one 400
   * ({@code details.fields}), as the router's validation does; {@code time_to} not after {@code time_from} is a 400
   * naming {@code time_to}.
   */
  static Preferences of(JsonObject q) {
    List<JsonObject> bad = new ArrayList<>();
    String level = text(q, "level");
    if (level != null && !LEVELS.contains(level)) {
      bad.add(ApiError.fieldEntry("level", ErrorCode.VALIDATION_INVALID_ENUM.name(), "must be one of " + LEVELS));
      level = null;
    }
    String instrument = text(q, "instrument");
    if (instrument != null && (instrument.isBlank() || instrument.length() > 100)) {
      bad.add(ApiError.fieldEntry("instrument", ErrorCode.VALIDATION_ERROR.name(), "must be 1–100 characters"));
      instrument = null;
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    String dayList = text(q, "days");
    if (dayList != null) {
      for (String name : dayList.split(",", -1)) {
        DayOfWeek day = day(name.trim());
        if (day == null) {
          bad.add(ApiError.fieldEntry("days", ErrorCode.VALIDATION_INVALID_ENUM.name(),
            "must be a comma list of monday, tuesday, wednesday, thursday, friday, saturday, sunday"));
          days.clear();
          break;
        }
        days.add(day);
      }
    }
    int refused = bad.size();
    Integer from = minute(q, "time_from", bad), to = minute(q, "time_to", bad);
    if (bad.size() > refused) {
      from = to = null; // one of the two was refused: no range
    } else if (from != null || to != null) {
      if (from == null) from = 0;
      if (to == null) to = 24 * 60;
      if (to <= from) bad.add(ApiError.fieldEntry("time_to", ErrorCode.VALIDATION_ERROR.name(), "must be after time_from"));
    }
    LocalDate start = null;
    String startText = text(q, "start_date");
    if (startText != null) {
      try {
        start = LocalDate.parse(startText);
        if (start.getYear() < 1 || start.getYear() > 9999) throw new DateTimeParseException("year", startText, 0);
      } catch (DateTimeParseException e) {
        bad.add(ApiError.fieldEntry("start_date", ErrorCode.VALIDATION_INVALID_DATE.name(), "must be a date, YYYY-MM-DD"));
      }
    }
    Long maxPrice = number(q, "max_price_per_session", 0, 1_000_000_000_000L, bad);
    Long limit = number(q, "limit", 1, MAX_LIMIT, bad);
    if (!bad.isEmpty()) {
      String code = bad.stream().map(f -> f.getString("code")).distinct().count() == 1
        ? bad.get(0).getString("code") : ErrorCode.VALIDATION_ERROR.name();
      throw new ApiError(400, code, "Invalid request: " + String.join(", ", bad.stream().map(f -> f.getString("field")).toList()),
        new JsonObject().put("fields", new JsonArray(new ArrayList<>(bad))));
    }
    return new Preferences(level, instrument == null ? null : instrument.trim(), days, from, to, start, maxPrice,
      limit == null ? DEFAULT_LIMIT : limit.intValue());
  }

  /** The query these preferences were read from (what the chat assistant sends to the service). */
  JsonObject toQuery() {
    JsonObject q = new JsonObject();
    if (level != null) q.put("level", level);
    if (instrument != null) q.put("instrument", instrument);
    if (!days.isEmpty()) q.put("days", String.join(",", days.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList()));
    if (fromMinute != null) q.put("time_from", clock(fromMinute)).put("time_to", clock(toMinute));
    if (startDate != null) q.put("start_date", startDate.toString());
    if (maxPrice != null) q.put("max_price_per_session", maxPrice);
    return q.put("limit", limit);
  }

  static String clock(int minute) {
    return minute >= 24 * 60 ? "24:00" : String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }

  /** An English weekday name (the contract's), or null. */
  static DayOfWeek day(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equalsIgnoreCase(name)) return day;
    }
    return null;
  }

  private static String text(JsonObject q, String field) {
    Object value = q.getValue(field);
    return value == null ? null : value.toString();
  }

  private static Integer minute(JsonObject q, String field, List<JsonObject> bad) {
    String text = text(q, field);
    if (text == null) return null;
    try {
      if (!text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) throw new DateTimeParseException("HH:MM", text, 0);
      LocalTime t = LocalTime.parse(text);
      return t.getHour() * 60 + t.getMinute();
    } catch (DateTimeParseException e) {
      bad.add(ApiError.fieldEntry(field, ErrorCode.VALIDATION_ERROR.name(), "must be a time HH:MM (academy time)"));
      return null;
    }
  }

  private static Long number(JsonObject q, String field, long min, long max, List<JsonObject> bad) {
    Object value = q.getValue(field);
    if (value == null) return null;
    Long n = null;
    if (value instanceof Integer || value instanceof Long) {
      n = ((Number) value).longValue();
    } else if (value instanceof String s && s.matches("0|-?[1-9][0-9]{0,18}")) {
      try {
        n = Long.parseLong(s);
      } catch (NumberFormatException ignored) {
        n = null;
      }
    }
    if (n == null || n < min || n > max) {
      bad.add(ApiError.fieldEntry(field, ErrorCode.VALIDATION_ERROR.name(), "must be an integer from " + min + " to " + max));
      return null;
    }
    return n;
  }
}
