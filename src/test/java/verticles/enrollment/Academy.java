package verticles.enrollment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helpers for registrations: courses, registration bodies, and database assertions. */
final class Academy {
  private Academy() {
  }

  static void reset() {
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
  }

  /** Creates an active course through the API and returns its id. */
  static String course(String admin, String title, int maxStudents) {
    Response r = Api.get().call("catalog.createCourse").token(admin).body(new JsonObject()
      .put("title", title).put("description", "A course for testing registrations").put("level", "beginner")
      .put("instrument", "piano").put("price_per_session", 500000).put("duration_minutes", 60)
      .put("max_students", maxStudents).put("is_active", true)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  static JsonObject registration(String courseId, String email, String key) {
    return new JsonObject()
      .put("full_name", "Budi Santoso").put("wa_number", "081234567890").put("email", email)
      .put("course_id", courseId).put("experience_level", "beginner")
      .put("time_preferences", "Weekend pagi, Sabtu 09:00-11:00")
      .put("preferred_days", new JsonArray().add("saturday").add("sunday"))
      .put("preferred_time_range", new JsonObject().put("start", "09:00").put("end", "11:00"))
      .put("start_date_target", "2026-12-01")
      .put("guardian", new JsonObject().put("name", "Ibu Rina").put("wa_number", "+628111111111"))
      .put("instrument_owned", true).put("notes", "Kalau bisa jangan bentrok pramuka.")
      .put("referral_source", "instagram").put("consent", true)
      .put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", key);
  }

  static Api.Call register(JsonObject body) {
    return Api.get().call("enrollment.register").body(body);
  }

  static String admin() {
    return TestUsers.adminToken();
  }


  static String string(String sql) {
    try (Connection c = TestApp.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String key() {
    return "key-" + UUID.randomUUID();
  }

  /** A class of the course next week (03:00 UTC), taught by "Test instructor" (guru@example.com) in room "Studio 1"; its id. */
  static String schedule(String admin, String course) {
    String instructor = TestUsers.create("instructor", "guru@example.com", "Belajar-Piano-2026", "active");
    Response room = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", "Studio 1")
      .put("capacity", 8).put("instruments", new JsonArray().add("piano"))).send();
    assertEquals(201, room.status(), room.toString());
    Response schedule = Api.get().call("scheduling.createSchedule").token(admin).body(new JsonObject()
      .put("course_id", course).put("instructor_id", instructor).put("room_id", room.data().getString("id"))
      .put("start_time", LocalDate.now(ZoneOffset.UTC).plusDays(7).atTime(3, 0)
        .toInstant(ZoneOffset.UTC).toString())).send();
    assertEquals(201, schedule.status(), schedule.toString());
    return schedule.data().getString("id");
  }
}
