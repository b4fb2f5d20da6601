package verticles.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** Weekly series: all or nothing, every conflicting date named, occurrences moved or cancelled, the rest cancelled. */
class SeriesTest {
  static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
  static String admin;
  static Account teacher, teacher2, student;
  static String course, room;
  /** A Monday at least a week ahead (academy zone). */
  static LocalDate monday;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@series.test");
    teacher2 = Sched.account("instructor", "teacher2@series.test");
    student = Sched.account("student", "student@series.test");
    course = Sched.course(admin, "Violin Term", "Violin", teacher.id()).getString("id");
    monday = LocalDate.now(JAKARTA).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(1);
  }

  @BeforeEach
  void noSchedules() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;"
      + "TRUNCATE enrollment.enrollments CASCADE");
    room = Sched.room(admin, "Violin Room", 6, "Violin").getString("id");
  }

  private static JsonObject series(int weeks) {
    return new JsonObject().put("course_id", course).put("room_id", room)
      .put("weekdays", new JsonArray().add("monday").add("wednesday")).put("start_time", "10:00")
      .put("first_date", monday.toString()).put("weeks", weeks);
  }

  private static Response create(String token, JsonObject body) {
    return Api.get().call("scheduling.createSeries").token(token).body(body).header("Accept-Language", "en").send();
  }

  private static Instant jakarta(LocalDate day, int hour, int minute) {
    return day.atTime(LocalTime.of(hour, minute)).atZone(JAKARTA).toInstant();
  }

  @Test
  void aSeriesCreatesEveryOccurrenceAtTheLocalTime() {
    Response r = create(admin, series(4));
    assertEquals(201, r.status(), r.toString());
    JsonObject s = r.data().getJsonObject("series");
    assertEquals(new JsonArray().add("monday").add("wednesday"), s.getJsonArray("weekdays"));
    assertEquals("10:00", s.getString("start_time"));
    assertEquals(60, s.getInteger("duration_minutes"));
    assertEquals("Asia/Jakarta", s.getString("timezone"));
    assertEquals(monday.toString(), s.getString("first_date"));
    assertEquals(monday.plusWeeks(4).minusDays(1).toString(), s.getString("last_date"));
    assertEquals(teacher.id(), s.getString("instructor_id"));
    JsonArray classes = r.data().getJsonArray("schedules");
    assertEquals(8, classes.size());
    for (int i = 0; i < 8; i++) {
      JsonObject c = classes.getJsonObject(i);
      LocalDate day = monday.plusWeeks(i / 2).plusDays(i % 2 == 0 ? 0 : 2);
      assertEquals(jakarta(day, 10, 0), Instant.parse(c.getString("start_time")));
      assertEquals(jakarta(day, 11, 0), Instant.parse(c.getString("end_time")));
      assertEquals(s.getString("id"), c.getString("series_id"));
    }
    Response listed = Api.get().call("scheduling.listSchedules").token(admin).query("series_id", s.getString("id")).send();
    assertEquals(8, listed.data().getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void endDateDurationAndZoneMayBeGiven() {
    Response r = create(admin, series(1).copy().put("weeks", (Object) null).put("end_date", monday.plusDays(9).toString())
      .put("duration_minutes", 45).put("timezone", "Asia/Makassar").put("weekdays", new JsonArray().add("tuesday")));
    // "weeks": null is not an integer: the contract refuses it
    assertEquals(400, r.status(), r.toString());
    JsonObject body = series(1);
    body.remove("weeks");
    body.put("end_date", monday.plusDays(9).toString()).put("duration_minutes", 45).put("timezone", "Asia/Makassar")
      .put("weekdays", new JsonArray().add("tuesday"));
    Response ok = create(teacher.token(), body);
    assertEquals(201, ok.status(), ok.toString());
    JsonArray classes = ok.data().getJsonArray("schedules");
    assertEquals(2, classes.size());
    ZoneId makassar = ZoneId.of("Asia/Makassar");
    assertEquals(monday.plusDays(1).atTime(10, 0).atZone(makassar).toInstant(), Instant.parse(classes.getJsonObject(0).getString("start_time")));
    assertEquals(monday.plusDays(8).atTime(10, 45).atZone(makassar).toInstant(), Instant.parse(classes.getJsonObject(1).getString("end_time")));
  }

  @Test
  void oneConflictingWeekRefusesTheWholeSeriesAndNamesIt() {
    LocalDate thirdWednesday = monday.plusWeeks(2).plusDays(2);
    JsonObject blocker = Sched.created(admin, Sched.slot(course, teacher2.id(), room,
      jakarta(thirdWednesday, 10, 30).toString(), jakarta(thirdWednesday, 11, 30).toString()));
    Response r = create(admin, series(4));
    assertError(r, 409, "SCHEDULE_CONFLICT");
    JsonObject details = r.json().getJsonObject("details");
    assertEquals(new JsonArray().add(thirdWednesday.toString()), details.getJsonArray("dates"));
    JsonObject c = details.getJsonArray("conflicts").getJsonObject(0);
    assertEquals("room", c.getString("resource"));
    assertEquals(blocker.getString("id"), c.getString("schedule_id"));
    assertEquals(thirdWednesday.toString(), c.getString("date"));
    assertTrue(r.json().getString("error").contains(thirdWednesday.toString()), r.toString());
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.series"));
  }

  @Test
  void everyConflictingDateIsListed() {
    LocalDate firstMonday = monday, lastWednesday = monday.plusWeeks(3).plusDays(2);
    Sched.created(admin, Sched.slot(course, teacher.id(), Sched.room(admin, "Other", 6).getString("id"),
      jakarta(firstMonday, 9, 30).toString(), jakarta(firstMonday, 10, 30).toString()));
    Sched.created(admin, Sched.slot(course, teacher2.id(), room,
      jakarta(lastWednesday, 10, 59).toString(), jakarta(lastWednesday, 12, 0).toString()));
    Response r = create(admin, series(4));
    assertError(r, 409, "SCHEDULE_CONFLICT");
    assertEquals(new JsonArray().add(firstMonday.toString()).add(lastWednesday.toString()),
      r.json().getJsonObject("details").getJsonArray("dates"));
    JsonArray conflicts = r.json().getJsonObject("details").getJsonArray("conflicts");
    assertEquals("instructor", conflicts.getJsonObject(0).getString("resource"));
    assertEquals("room", conflicts.getJsonObject(1).getString("resource"));
  }

  /** Issue 17: a series without a room is online; its occurrences carry the link and clash by the instructor only. */
  @Test
  void anOnlineSeriesNeedsALinkAndClashesByItsInstructorOnly() {
    JsonObject online = series(2);
    online.remove("room_id");
    assertError(create(admin, online), 400, "VALIDATION_REQUIRED_FIELD");
    assertError(create(admin, online.copy().put("meeting_url", "http://meet.example.com/violin")), 400, "VALIDATION_ERROR");
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.series"));
    // the violin room is busy at the series' first lesson: no matter, the series needs no room
    Sched.created(admin, Sched.slot(course, teacher2.id(), room, jakarta(monday, 10, 0).toString(), jakarta(monday, 11, 0).toString()));
    Response r = create(teacher.token(), online.copy().put("meeting_url", "https://meet.example.com/violin"));
    assertEquals(201, r.status(), r.toString());
    JsonObject s = r.data().getJsonObject("series");
    assertEquals(null, s.getValue("room_id"));
    assertEquals("https://meet.example.com/violin", s.getString("meeting_url"));
    JsonArray classes = r.data().getJsonArray("schedules");
    assertEquals(4, classes.size());
    for (Object c : classes) {
      assertEquals(null, ((JsonObject) c).getValue("room"));
      assertEquals("https://meet.example.com/violin", ((JsonObject) c).getString("meeting_url"));
    }
    assertEquals(4, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE room_id IS NULL AND series_id = '" + s.getString("id") + "'"));
    // the instructor is taken now: a second series of theirs at the same hours clashes, in a room or online
    Response again = create(admin, series(2));
    assertError(again, 409, "SCHEDULE_CONFLICT");
    // its first date clashes twice at the same hours, in either order (equal start times are ordered by random ids):
    // the instructor's online class and teacher2's class in the room
    JsonArray clashes = again.json().getJsonObject("details").getJsonArray("conflicts");
    assertEquals(java.util.Set.of("instructor", "room"), java.util.Set.of(clashes.getJsonObject(0).getString("resource"),
      clashes.getJsonObject(1).getString("resource")), clashes.encode());
    assertError(create(admin, online.copy().put("meeting_url", "https://meet.example.com/other")), 409, "SCHEDULE_CONFLICT");
  }

  @Test
  void refusals() {
    assertError(create(teacher2.token(), series(2).copy().put("instructor_id", teacher.id())), 403, "AUTH_FORBIDDEN");
    assertError(create(student.token(), series(2)), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.createSeries").body(series(2)).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(create(admin, series(2).copy().put("first_date", LocalDate.now(JAKARTA).minusDays(7).toString())), 400, "SCHEDULE_PAST_TIME");
    assertError(create(admin, series(53)), 400, "SCHEDULE_INVALID_TIME");
    assertError(create(admin, series(2).copy().put("duration_minutes", 600)), 400, "SCHEDULE_INVALID_TIME");
    JsonObject neither = series(2);
    neither.remove("weeks");
    assertError(create(admin, neither), 400, "VALIDATION_REQUIRED_FIELD");
    assertError(create(admin, series(2).copy().put("end_date", monday.plusDays(3).toString())), 400, "VALIDATION_ERROR");
    JsonObject none = series(1);
    none.remove("weeks");
    none.put("end_date", monday.toString()).put("weekdays", new JsonArray().add("friday"));
    assertError(create(admin, none), 400, "SCHEDULE_INVALID_TIME");
    assertError(create(admin, series(2).copy().put("timezone", "Mars/Olympus")), 400, "VALIDATION_ERROR");
    assertEquals(400, create(admin, series(2).copy().put("start_time", "25:00")).status());
    assertEquals(400, create(admin, series(2).copy().put("weekdays", new JsonArray().add("someday"))).status());
    assertError(create(admin, series(2).copy().put("room_id", UUID.randomUUID().toString())), 404, "ROOM_NOT_FOUND");
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
  }

  @Test
  void occurrencesAreMovedAndCancelledOneByOne() {
    JsonArray classes = create(admin, series(2)).data().getJsonArray("schedules");
    String second = classes.getJsonObject(1).getString("id"), third = classes.getJsonObject(2).getString("id");
    Response moved = Api.get().call("scheduling.updateSchedule").path("id", second).token(admin)
      .body(new JsonObject().put("start_time", jakarta(monday.plusDays(3), 14, 0).toString())).send();
    assertEquals(200, moved.status(), moved.toString());
    assertEquals(classes.getJsonObject(1).getString("series_id"), moved.data().getString("series_id"));
    assertEquals(jakarta(monday.plusDays(3), 15, 0), Instant.parse(moved.data().getString("end_time")));
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", third).token(admin).send().status());
    assertEquals(3, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE status = 'scheduled'"));
    assertEquals("cancelled", Api.get().call("scheduling.getSchedule").path("id", third).token(admin).send().data().getString("status"));
  }

  @Test
  void theRestOfASeriesIsCancelledFromADate() {
    JsonObject created = create(admin, series(4)).data();
    String seriesId = created.getJsonObject("series").getString("id");
    JsonArray classes = created.getJsonArray("schedules");
    String fourth = classes.getJsonObject(3).getString("id");
    Response cancelled = Api.get().call("scheduling.cancelSeries").path("seriesId", seriesId).token(admin)
      .query("from", monday.plusWeeks(2).toString()).send();
    assertEquals(200, cancelled.status(), cancelled.toString());
    assertEquals(4, cancelled.data().getInteger("cancelled"));
    assertEquals(classes.getJsonObject(4).getString("id"), cancelled.data().getJsonArray("cancelled_schedule_ids").getString(0));
    assertEquals(0, cancelled.data().getJsonArray("kept_schedule_ids").size());
    Response remaining = Api.get().call("scheduling.listSchedules").token(admin).query("series_id", seriesId).send();
    assertEquals(4, remaining.data().getJsonArray("schedules").size());
    assertEquals(fourth, remaining.data().getJsonArray("schedules").getJsonObject(3).getString("id"));
    // again: nothing left to cancel
    assertEquals(0, Api.get().call("scheduling.cancelSeries").path("seriesId", seriesId).token(admin)
      .query("from", monday.plusWeeks(2).toString()).send().data().getInteger("cancelled"));
    assertError(Api.get().call("scheduling.cancelSeries").path("seriesId", UUID.randomUUID().toString()).token(admin)
      .query("from", monday.toString()).send(), 404, "SCHEDULE_SERIES_NOT_FOUND");
    assertError(Api.get().call("scheduling.cancelSeries").path("seriesId", seriesId).token(teacher.token())
      .query("from", monday.toString()).send(), 403, "AUTH_FORBIDDEN");
    assertEquals(400, Api.get().call("scheduling.cancelSeries").path("seriesId", seriesId).token(admin).send().status());
  }

  @Test
  void aStudentPlacedOnTheFirstOccurrenceCountsForTheWholeSeries() {
    JsonArray classes = create(admin, series(2)).data().getJsonArray("schedules");
    Sched.enroll(student.id(), course, classes.getJsonObject(0).getString("id"));
    Response listed = Api.get().call("scheduling.listSchedules").token(admin).query("course_id", course).send();
    for (Object s : listed.data().getJsonArray("schedules")) assertEquals(1, ((JsonObject) s).getInteger("enrolled_count"));
    String last = classes.getJsonObject(3).getString("id");
    JsonArray attendees = Api.get().call("scheduling.getSchedule").path("id", last).token(admin).send().data().getJsonArray("attendees");
    assertEquals(1, attendees.size());
    assertEquals(student.id(), attendees.getJsonObject(0).getJsonObject("student").getString("id"));
  }
}
