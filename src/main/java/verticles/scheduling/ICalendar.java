package verticles.scheduling;

import io.vertx.core.json.JsonObject;
import verticles.bus.ApiTexts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * RFC 5545 iCalendar feeds of schedules: CRLF line ends, lines folded at 75 octets, TEXT values escaped,
 * times in UTC ("…Z"), one VEVENT per class with a stable UID so calendar apps update rather than duplicate.
 * The text depends on the classes alone (DTSTAMP is the class's last change, not the time of rendering), so equal
 * content gives equal bytes and a subscription's ETag holds until a class changes.
 */
final class ICalendar {
  static final String MEDIA_TYPE = "text/calendar; charset=utf-8";
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ICalendar() {
  }

  /**
   * The feed; {@code schedules} are API views (course, instructor, room expanded). A session's topic (description)
   * follows the course title in SUMMARY; an online class (no room) has LOCATION "Online" and, when the reader may see
   * it, its link as LOCATION and URL (RFC 5545 §3.8.4.6) — for a hybrid class the link is URL only. Labels
   * ("Instruktur:", "Daring", …: {@code calendar.*} of the API bundles) in {@code language} ({@code id}|{@code en}).
   */
  static String render(String name, List<JsonObject> schedules, String language) {
    StringBuilder out = new StringBuilder();
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//Academy//Schedules//EN");
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    line(out, "X-WR-CALNAME:" + text(name));
    for (JsonObject s : schedules) {
      JsonObject course = s.getJsonObject("course");
      JsonObject instructor = s.getJsonObject("instructor");
      JsonObject room = s.getJsonObject("room");
      String title = course == null ? ApiTexts.format("calendar.class", language) : course.getString("title");
      if (s.getString("description") != null) title = title + ": " + s.getString("description");
      String link = s.getString("meeting_url");
      line(out, "BEGIN:VEVENT");
      line(out, "UID:" + s.getString("id") + "@academy");
      line(out, "DTSTAMP:" + utc(s.getString("updated_at")));
      line(out, "DTSTART:" + utc(s.getString("start_time")));
      line(out, "DTEND:" + utc(s.getString("end_time")));
      line(out, "SUMMARY:" + text(title));
      if (room != null) line(out, "LOCATION:" + text(room.getString("name")));
      else line(out, "LOCATION:" + text(link != null ? link : ApiTexts.format("calendar.online", language)));
      if (link != null) line(out, "URL:" + link);
      StringBuilder description = new StringBuilder();
      if (instructor != null) description.append(ApiTexts.format("calendar.instructor", language, instructor.getString("full_name"))).append('\n');
      if (course != null && course.getString("level") != null) {
        description.append(ApiTexts.format("calendar.level", language, course.getString("level"))).append('\n');
      }
      long enrolled = s.getLong("enrolled_count", 0L);
      description.append(s.getInteger("max_students") == null ? ApiTexts.format("calendar.enrolled", language, enrolled)
        : ApiTexts.format("calendar.enrolledOf", language, enrolled, s.getInteger("max_students")));
      line(out, "DESCRIPTION:" + text(description.toString()));
      line(out, "STATUS:CONFIRMED");
      line(out, "LAST-MODIFIED:" + utc(s.getString("updated_at")));
      line(out, "END:VEVENT");
    }
    line(out, "END:VCALENDAR");
    return out.toString();
  }

  private static String utc(String iso) {
    return UTC.format(Instant.parse(iso));
  }

  /** TEXT escaping (RFC 5545 §3.3.11). */
  static String text(String value) {
    if (value == null) return "";
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
      .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }

  /** Appends a content line folded at 75 octets (never inside a UTF-8 sequence), ended by CRLF. */
  static void line(StringBuilder out, String content) {
    int octets = 0;
    int limit = 75;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + size > limit) {
        out.append("\r\n ");
        octets = 1;
        limit = 75;
      }
      out.appendCodePoint(cp);
      octets += size;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}
