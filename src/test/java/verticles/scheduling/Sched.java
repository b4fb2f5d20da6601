package verticles.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Scheduling test helpers: clean data, accounts, courses and rooms through the API, times, enrollments. */
final class Sched {
  static final String PASSWORD = "Schedule-Pass-42";
  private static final AtomicInteger REGISTRATIONS = new AtomicInteger();

  private Sched() {
  }

  /** Empties scheduling, the catalog and the accounts (but the first admin). */
  static void reset() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
  }

  record Account(String id, String token) {
  }

  static Account account(String role, String email) {
    String id = TestUsers.create(role, email, PASSWORD, "active");
    return new Account(id, TestUsers.login(email, PASSWORD).getString("access_token"));
  }

  /** A course created by the admin: 60 minutes, 5 students, the instrument and instructor given. */
  static JsonObject course(String admin, String title, String instrument, String instructorId) {
    JsonObject body = new JsonObject().put("title", title).put("level", "beginner").put("price_per_session", 250000)
      .put("duration_minutes", 60).put("max_students", 5).put("is_active", true);
    if (instrument != null) body.put("instrument", instrument);
    if (instructorId != null) body.put("instructor_id", instructorId);
    Response r = Api.get().call("catalog.createCourse").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  static JsonObject room(String admin, String name, int capacity, String... instruments) {
    Response r = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", name)
      .put("capacity", capacity).put("description", name + " description").put("instruments", new JsonArray(java.util.List.of((Object[]) instruments))))
      .send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  /** An ISO instant {@code days} from today (UTC) at hour:minute UTC. */
  static String at(int days, int hour, int minute) {
    return LocalDate.now(ZoneOffset.UTC).plusDays(days).atTime(hour, minute).toInstant(ZoneOffset.UTC).toString();
  }

  static JsonObject slot(String course, String instructor, String room, String start, String end) {
    JsonObject body = new JsonObject().put("course_id", course).put("room_id", room).put("start_time", start);
    if (instructor != null) body.put("instructor_id", instructor);
    if (end != null) body.put("end_time", end);
    return body;
  }

  /** In English: the tests assert the API's English texts (Indonesian is the default, see ApiLanguageTest). */
  static Response create(String token, JsonObject body) {
    return Api.get().call("scheduling.createSchedule").token(token).body(body).header("Accept-Language", "en").send();
  }

  static JsonObject created(String token, JsonObject body) {
    Response r = create(token, body);
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  /** An approved enrollment of the student in the course, placed on the schedule (SQL, as enrollment would). */
  static void enroll(String studentId, String courseId, String scheduleId) {
    TestApp.sql("""
      INSERT INTO enrollment.enrollments (registration_number, student_id, course_id, status, email, email_key, full_name,
                                          wa_number, schedule_id)
      VALUES ('REG-TEST-%1$d', '%2$s', '%3$s', 'approved', 'x%1$d@y.id', 'x%1$d@y.id', 'X', '+628123456789', %4$s)"""
      .formatted(REGISTRATIONS.incrementAndGet(), studentId, courseId,
        scheduleId == null ? "NULL" : "'" + scheduleId + "'"));
  }

  /** Moves a class so that it started an hour ago (creating classes in the past is refused by the API). */
  static void startedAnHourAgo(String scheduleId) {
    TestApp.sql("UPDATE scheduling.schedules SET start_time = now() - interval '1 hour', end_time = now() + interval '1 minute' "
      + "WHERE id = '" + scheduleId + "'");
  }

  static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

}
