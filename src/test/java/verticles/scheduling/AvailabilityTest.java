package verticles.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** Free slots: opening hours, suitable rooms, and booked instructors and rooms excluded. */
class AvailabilityTest {
  static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
  static String admin;
  static Account teacher, teacher2, student;
  static String course, pianoRoom, smallRoom, drumRoom;
  static LocalDate day;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@availability.test");
    teacher2 = Sched.account("instructor", "teacher2@availability.test");
    student = Sched.account("student", "student@availability.test");
    course = Sched.course(admin, "Piano Basics", "piano", teacher.id()).getString("id"); // 60 min, 5 students
    pianoRoom = Sched.room(admin, "Piano Room", 6, "Piano").getString("id");
    smallRoom = Sched.room(admin, "Small Piano Room", 2, "Piano").getString("id");
    drumRoom = Sched.room(admin, "Drum Room", 10, "Drums").getString("id");
    day = LocalDate.now(JAKARTA).plusDays(10);
    // the teacher teaches 10:00–11:00 (in the drum room); the piano room is taken 14:00–15:00 by someone else
    Sched.created(admin, Sched.slot(course, teacher.id(), drumRoom, local(10, 0), local(11, 0)));
    Sched.created(admin, Sched.slot(course, teacher2.id(), pianoRoom, local(14, 0), local(15, 0)));
  }

  private static String local(int hour, int minute) {
    return day.atTime(hour, minute).atZone(JAKARTA).toInstant().toString();
  }

  private static Response ask(String token, String param, String id, LocalDate from, LocalDate to) {
    Api.Call call = Api.get().call("scheduling.availability").token(token)
      .query("from", from.toString()).query("to", to.toString());
    if (param != null) call.query(param, id);
    return call.send();
  }

  private static List<String> starts(JsonObject availability) {
    List<String> out = new ArrayList<>();
    for (Object slot : availability.getJsonArray("slots")) {
      out.add(Instant.parse(((JsonObject) slot).getString("start_time")).atZone(JAKARTA).toLocalTime().toString());
    }
    return out;
  }

  @Test
  void aCoursesSlotsAvoidItsInstructorsClassesAndBookedRooms() {
    Response r = ask(admin, "course_id", course, day, day);
    assertEquals(200, r.status(), r.toString());
    JsonObject a = r.data();
    assertEquals(60, a.getInteger("slot_minutes"));
    assertEquals("Asia/Jakarta", a.getString("timezone"));
    assertEquals(teacher.id(), a.getJsonObject("instructor").getString("id"));
    // only the piano room holds a piano for 5 students
    assertEquals(1, a.getJsonArray("rooms").size());
    assertEquals(pianoRoom, a.getJsonArray("rooms").getJsonObject(0).getString("id"));
    List<String> starts = starts(a);
    assertEquals("09:00", starts.get(0));
    assertEquals("20:00", starts.get(starts.size() - 1));
    for (String busy : new String[]{"09:30", "10:00", "10:30", "13:30", "14:00", "14:30"}) {
      assertFalse(starts.contains(busy), busy + " should be taken: " + starts);
    }
    for (String free : new String[]{"09:00", "11:00", "13:00", "15:00"}) assertTrue(starts.contains(free), free + " should be free");
    assertEquals(23 - 6, starts.size());
    JsonObject slot = a.getJsonArray("slots").getJsonObject(0);
    assertEquals(pianoRoom, slot.getJsonArray("rooms").getJsonObject(0).getString("id"));
    assertEquals(Instant.parse(slot.getString("start_time")).plusSeconds(3600), Instant.parse(slot.getString("end_time")));
  }

  @Test
  void anInstructorsSlotsUseEveryRoom() {
    Response r = ask(teacher.token(), "instructor_id", teacher2.id(), day, day);
    assertEquals(200, r.status(), r.toString());
    JsonObject a = r.data();
    assertEquals(3, a.getJsonArray("rooms").size());
    List<String> starts = starts(a);
    assertFalse(starts.contains("14:00"));
    assertTrue(starts.contains("10:00"));
    JsonObject tenOClock = a.getJsonArray("slots").getJsonObject(starts.indexOf("10:00"));
    // the drum room is taken at 10:00, the two piano rooms are free
    JsonArray rooms = tenOClock.getJsonArray("rooms");
    assertEquals(2, rooms.size());
    assertTrue(rooms.stream().noneMatch(room -> drumRoom.equals(((JsonObject) room).getString("id"))));
  }

  @Test
  void severalDaysAreCovered() {
    JsonObject a = ask(admin, "course_id", course, day, day.plusDays(2)).data();
    assertEquals(17 + 23 + 23, a.getJsonArray("slots").size());
  }

  /** Issue 17: an online class takes its instructor's time but no room. */
  @Test
  void anOnlineClassTakesItsInstructorButNoRoom() {
    LocalDate later = day.plusDays(5);
    String start = later.atTime(16, 0).atZone(JAKARTA).toInstant().toString();
    Sched.created(admin, new JsonObject().put("course_id", course).put("instructor_id", teacher2.id()).put("start_time", start)
      .put("meeting_url", "https://meet.example.com/piano"));
    List<String> teacher2Starts = starts(ask(admin, "instructor_id", teacher2.id(), later, later).data());
    for (String busy : new String[]{"15:30", "16:00", "16:30"}) assertFalse(teacher2Starts.contains(busy), busy + ": " + teacher2Starts);
    assertTrue(teacher2Starts.contains("17:00"));
    JsonObject forCourse = ask(admin, "course_id", course, later, later).data();
    List<String> starts = starts(forCourse);
    JsonObject four = forCourse.getJsonArray("slots").getJsonObject(starts.indexOf("16:00"));
    assertEquals(pianoRoom, four.getJsonArray("rooms").getJsonObject(0).getString("id"));
  }

  @Test
  void refusals() {
    assertError(ask(admin, null, null, day, day), 400, "VALIDATION_REQUIRED_FIELD");
    assertError(ask(admin, "course_id", course, day, day.minusDays(1)), 400, "SCHEDULE_INVALID_TIME");
    assertError(ask(admin, "course_id", course, day, day.plusDays(31)), 400, "SCHEDULE_INVALID_TIME");
    assertError(ask(admin, "course_id", UUID.randomUUID().toString(), day, day), 404, "COURSE_NOT_FOUND");
    assertError(ask(admin, "instructor_id", student.id(), day, day), 400, "SCHEDULE_INVALID_INSTRUCTOR");
    assertError(ask(student.token(), "course_id", course, day, day), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.availability").query("course_id", course).query("from", day.toString())
      .query("to", day.toString()).send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, Api.get().call("scheduling.availability").token(admin).query("course_id", course).send().status());
  }
}
