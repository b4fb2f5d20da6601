package verticles.chat;

import io.vertx.core.json.JsonObject;
import verticles.bus.ApiTexts;
import verticles.bus.Languages;
import verticles.infra.Config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When staff answer chats: days of the week and a daily window, in the academy's time zone
 * ({@code chat.office_days}, {@code chat.office_open}, {@code chat.office_close}, {@code timezone}).
 */
record OfficeHours(Set<DayOfWeek> days, LocalTime open, LocalTime close, ZoneId zone) {

  static OfficeHours from(JsonObject config) {
    JsonObject chat = config.getJsonObject("chat");
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String day : Config.list(chat, "office_days")) days.add(day(day));
    return new OfficeHours(days, time(chat.getString("office_open")), time(chat.getString("office_close")),
      ZoneId.of(config.getString("timezone")));
  }

  /** "HH:mm"; "24:00" is the end of the day. */
  private static LocalTime time(String text) {
    return "24:00".equals(text.trim()) ? LocalTime.MAX : LocalTime.parse(text.trim());
  }

  private static DayOfWeek day(String name) {
    String prefix = name.trim().toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (prefix.length() >= 3 && day.name().toLowerCase(Locale.ROOT).startsWith(prefix)) return day;
    }
    throw new IllegalArgumentException("chat.office_days: unknown day '" + name + "'");
  }

  boolean isOpen(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(open) && time.isBefore(close);
  }

  /** {@link #describe(String)} in English: "Mon–Sat 09:00–17:00". */
  String describe() {
    return describe(Languages.ENGLISH);
  }

  /**
   * The days (ranges collapsed) and the window, in {@code language} ("id" | "en"): "Sen–Sab 09.00–17.00" /
   * "Mon–Sat 09:00–17:00" ("tidak ada hari" / "no days" when there are none; "24.00"/"24:00" is the end of the day).
   */
  String describe(String language) {
    boolean id = Languages.INDONESIAN.equals(language);
    Locale locale = id ? Locale.forLanguageTag("id-ID") : Locale.ENGLISH;
    List<String> parts = new ArrayList<>();
    DayOfWeek[] all = DayOfWeek.values();
    int i = 0;
    while (i < all.length) {
      if (!days.contains(all[i])) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < all.length && days.contains(all[j + 1])) j++;
      String first = all[i].getDisplayName(TextStyle.SHORT, locale);
      String last = all[j].getDisplayName(TextStyle.SHORT, locale);
      parts.add(i == j ? first : first + "–" + last);
      i = j + 1;
    }
    String end = close.equals(LocalTime.MAX) ? "24:00" : close.toString();
    String window = open + "–" + end;
    return (parts.isEmpty() ? ApiTexts.text("chat.hours.none", id ? Languages.INDONESIAN : Languages.ENGLISH)
      : String.join(", ", parts)) + " " + (id ? window.replace(':', '.') : window);
  }

  /** The template with {hours} (in English) and {zone} filled in. */
  String offlineNotice(String template) {
    return offlineNotice(template, Languages.ENGLISH);
  }

  /** The template with {hours} ({@link #describe(String)} in {@code language}) and {zone} (the zone's id) filled in. */
  String offlineNotice(String template, String language) {
    return template.replace("{hours}", describe(language)).replace("{zone}", zone.getId());
  }
}
