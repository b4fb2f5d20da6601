package verticles.enrollment;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

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
      .put("preferred_days", new io.vertx.core.json.JsonArray().add("saturday").add("sunday"))
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

  static long count(String sql) {
    try (Connection c = TestApp.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
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
}
