package verticles.scheduling;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** The iCalendar feed is a real RFC 5545 file: structure, UTC times, escaping, folding, CRLF. */
class CalendarTest {
  static final DateTimeFormatter ICS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  static String admin;
  static Account teacher, teacher2;
  static JsonObject first, second, other, cancelled;
  static String room;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@calendar.test");
    teacher2 = Sched.account("instructor", "teacher2@calendar.test");
    String course = Sched.course(admin, "Piano, Basics; Level 1 — a rather long course title that needs folding in the feed",
      "Piano", teacher.id()).getString("id");
    room = Sched.room(admin, "Room A", 10).getString("id");
    String room2 = Sched.room(admin, "Room B", 10).getString("id");
    first = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(3, 2, 0), null));
    second = Sched.created(admin, Sched.slot(course, teacher.id(), room2, Sched.at(4, 2, 30), null));
    other = Sched.created(admin, Sched.slot(course, teacher2.id(), room, Sched.at(4, 5, 0), null));
    cancelled = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 2, 0), null));
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", cancelled.getString("id")).token(admin).send().status());
  }

  private static Response feed(String param, String value) {
    return Api.get().call("scheduling.calendar").token(teacher.token()).query(param, value).send();
  }

  /** Content lines after unfolding (RFC 5545 §3.1). */
  private static List<String> unfold(String text) {
    List<String> lines = new ArrayList<>();
    for (String raw : text.split("\r\n", -1)) {
      if (raw.startsWith(" ")) lines.set(lines.size() - 1, lines.get(lines.size() - 1) + raw.substring(1));
      else lines.add(raw);
    }
    return lines;
  }

  /** Issue 20: the feed's labels in the request's language, Indonesian by default. */
  @Test
  void theFeedsLabelsAreIndonesianByDefaultAndEnglishOnRequest() {
    Response idFeed = feed("instructor_id", teacher.id());
    List<String> id = unfold(idFeed.text());
    assertTrue(id.contains("X-WR-CALNAME:Kelas Akademi instruktur " + teacher.id()), id.toString());
    assertTrue(id.stream().anyMatch(l -> l.matches("DESCRIPTION:Instruktur: .+\\\\nTingkat: beginner\\\\nTerdaftar: \\d+ dari 5")), id.toString());
    assertEquals("Accept-Language", idFeed.header("Vary"), "caches tell the languages apart");
    Response enFeed = Api.get().call("scheduling.calendar").token(teacher.token()).query("instructor_id", teacher.id())
      .header("Accept-Language", "en").send();
    List<String> en = unfold(enFeed.text());
    assertTrue(en.contains("X-WR-CALNAME:Academy classes of instructor " + teacher.id()), en.toString());
    assertTrue(en.stream().anyMatch(l -> l.matches("DESCRIPTION:Instructor: .+\\\\nLevel: beginner\\\\nEnrolled: \\d+ of 5")), en.toString());
    List<String> query = unfold(Api.get().call("scheduling.calendar").token(teacher.token()).query("instructor_id", teacher.id())
      .query("lang", "en").send().text());
    assertTrue(query.contains("X-WR-CALNAME:Academy classes of instructor " + teacher.id()), query.toString());
  }

  @Test
  void anInstructorsFeedParses() {
    Response r = feed("instructor_id", teacher.id());
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.header("Content-Type").startsWith("text/calendar"), r.header("Content-Type"));
    String text = r.text();
    assertTrue(text.startsWith("BEGIN:VCALENDAR\r\n"));
    assertTrue(text.endsWith("END:VCALENDAR\r\n"));
    assertFalse(Pattern.compile("(?<!\r)\n").matcher(text).find(), "bare LF in the feed");
    for (String line : text.split("\r\n")) {
      assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "line longer than 75 octets: " + line);
    }
    List<String> lines = unfold(text);
    assertTrue(lines.contains("VERSION:2.0"));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("PRODID:")));
    assertEquals(2, lines.stream().filter("BEGIN:VEVENT"::equals).count());
    assertEquals(2, lines.stream().filter("END:VEVENT"::equals).count());
    List<String> starts = lines.stream().filter(l -> l.startsWith("DTSTART")).toList();
    assertEquals(List.of("DTSTART:" + ICS.format(Instant.parse(first.getString("start_time"))),
      "DTSTART:" + ICS.format(Instant.parse(second.getString("start_time")))), starts);
    assertTrue(starts.stream().allMatch(l -> l.matches("DTSTART:\\d{8}T\\d{6}Z")));
    assertTrue(lines.contains("DTEND:" + ICS.format(Instant.parse(first.getString("end_time")))));
    assertTrue(lines.contains("UID:" + first.getString("id") + "@academy"));
    assertTrue(lines.contains("SUMMARY:Piano\\, Basics\\; Level 1 — a rather long course title that needs folding in the feed"), lines.toString());
    assertTrue(lines.contains("LOCATION:Room A"));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("DTSTAMP:") && l.endsWith("Z")));
    // properties of an event sit between its BEGIN and END
    int begin = lines.indexOf("BEGIN:VEVENT"), end = lines.indexOf("END:VEVENT");
    assertTrue(begin < lines.indexOf(starts.get(0)) && lines.indexOf(starts.get(0)) < end);
    assertFalse(text.contains(cancelled.getString("id")), "a cancelled class is not in the feed");
  }

  @Test
  void aRoomsFeedHoldsItsClassesOnly() {
    String text = feed("room_id", room).text();
    assertTrue(text.contains(first.getString("id")));
    assertTrue(text.contains(other.getString("id")));
    assertFalse(text.contains(second.getString("id")));
  }

  @Test
  void refusals() {
    assertError(Api.get().call("scheduling.calendar").send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, feed("room_id", "room-a").status());
  }
}
