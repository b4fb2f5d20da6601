package verticles.scheduling;

import io.vertx.core.json.JsonObject;

import java.time.LocalTime;
import java.time.ZoneId;

/** The {@code scheduling:} section of the configuration, plus the academy's time zone. */
record Settings(ZoneId zone, int maxDurationMinutes, int maxSeriesWeeks, int reminderLeadMinutes,
                int reminderIntervalSeconds, LocalTime openingTime, LocalTime closingTime, int stepMinutes,
                int defaultSlotMinutes, int maxAvailabilityDays, int calendarMaxEvents) {

  static Settings of(JsonObject config) {
    JsonObject s = config.getJsonObject("scheduling", new JsonObject());
    Settings settings = new Settings(
      ZoneId.of(config.getString("timezone", "Asia/Jakarta")),
      s.getInteger("max_duration_minutes", 480),
      s.getInteger("max_series_weeks", 52),
      s.getInteger("reminder_lead_minutes", 60),
      s.getInteger("reminder_interval_seconds", 60),
      LocalTime.parse(s.getString("opening_time", "09:00")),
      LocalTime.parse(s.getString("closing_time", "21:00")),
      s.getInteger("availability_step_minutes", 30),
      s.getInteger("availability_default_minutes", 60),
      s.getInteger("availability_max_days", 31),
      s.getInteger("calendar_max_events", 2000));
    if (settings.maxDurationMinutes < 1 || settings.maxDurationMinutes > 1440) {
      throw new IllegalArgumentException("scheduling.max_duration_minutes must be between 1 and 1440");
    }
    if (!settings.openingTime.isBefore(settings.closingTime) || settings.stepMinutes < 5
      || settings.defaultSlotMinutes < 1 || settings.reminderIntervalSeconds < 1 || settings.maxAvailabilityDays < 1) {
      throw new IllegalArgumentException("scheduling: opening_time must be before closing_time, availability_step_minutes "
        + "at least 5, and the other durations positive");
    }
    return settings;
  }
}
