package verticles.recommendation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A known academy for the recommendation tests, built through the API (accounts are inserted and named with SQL, and
 * one class is moved into the past so that it can be attended and rated — the API creates no past classes). Times are
 * Jakarta's; SAT is the first Saturday at least 8 days from today, so every class is ahead whatever day the tests run.
 *
 * <pre>
 * instructors i1 Ina Piano, i2 Budi Gitar, i3 Citra Teori
 * rooms       Studio A, Studio B (piano, guitar), Studio C (violin, guitar, theory), all 10 seats
 * courses     C1 Piano Anak      piano beginner     Rp 200.000  max 3  i1   K1 SAT 09–10 A  (s5 placed: 2 free)
 *             C2 Piano Dasar     piano beginner     Rp 250.000  max 5  i1   K2 SAT 10–11 A, K7 SAT+7 09–10 A (s4 on K7: 4 free)
 *             C3 Piano Menengah  piano intermediate Rp 300.000  max 5  i1   K3 SUN 09–10 B  (5 free)
 *             C5 Piano Lanjutan  piano advanced     Rp 400.000  max 5  i1   K5 SAT 13–14 C, course then made inactive
 *             C6 Biola Pemula    violin beginner    Rp 200.000  max 1  i2   K6 SAT 15–16 C  (s6 placed: full)
 *             lo/hi  two Guitar courses (beginner, Rp 150.000, max 2, no owner), hi = the larger id:
 *                    lo's class SAT 09–10 B taught by i2 (no rating), hi's SAT 09–10 C taught by i3 (rated 5)
 *             C8 Teori Musik     theory beginner    Rp 100.000  max 5  i3   K9 started an hour ago, s1 present, rated 5
 * bookings    e2 s2 → C3 pending: saturday, 09:00–12:00, from SAT, intermediate (no class fits)
 *             e3 s3 → C2 pending: saturday, 09:00–12:00, from SAT, beginner
 * students    s4 approved in C2 on K7; s7 without history
 * </pre>
 */
final class RecAcademy {
  static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
  static final String PASSWORD = "Recommend-Pass-42";

  String admin;
  String i1, i2, i3, i1Token, i2Token;
  String s1, s2, s3, s4, s5, s6, s7, s1Token, s2Token, s4Token, s7Token;
  String c1, c2, c3, c5, c6, c8, lo, hi;
  String k1, k2, k3, k5, k6, k7, kLo, kHi, k9;
  String e2, e3;
  LocalDate sat;

  static RecAcademy seed() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    RecAcademy a = new RecAcademy();
    a.admin = TestUsers.adminToken();
    a.sat = LocalDate.now(JAKARTA).plusDays(8).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
    a.i1 = user("instructor", "i1@rec.test", "Ina Piano");
    a.i2 = user("instructor", "i2@rec.test", "Budi Gitar");
    a.i3 = user("instructor", "i3@rec.test", "Citra Teori");
    a.i1Token = login("i1@rec.test");
    a.i2Token = login("i2@rec.test");
    a.s1 = user("student", "s1@rec.test", "Siti");
    a.s2 = user("student", "s2@rec.test", "Sari");
    a.s3 = user("student", "s3@rec.test", "Sinta");
    a.s4 = user("student", "s4@rec.test", "Santi");
    a.s5 = user("student", "s5@rec.test", "Susi");
    a.s6 = user("student", "s6@rec.test", "Sekar");
    a.s7 = user("student", "s7@rec.test", "Sonya");
    a.s1Token = login("s1@rec.test");
    a.s2Token = login("s2@rec.test");
    a.s4Token = login("s4@rec.test");
    a.s7Token = login("s7@rec.test");

    String roomA = room(a.admin, "Studio A", "piano", "guitar");
    String roomB = room(a.admin, "Studio B", "piano", "guitar");
    String roomC = room(a.admin, "Studio C", "violin", "guitar", "theory");

    a.c1 = course(a.admin, "Piano Anak", "piano", "beginner", 200_000, 3, a.i1);
    a.c2 = course(a.admin, "Piano Dasar", "piano", "beginner", 250_000, 5, a.i1);
    a.c3 = course(a.admin, "Piano Menengah", "piano", "intermediate", 300_000, 5, a.i1);
    a.c5 = course(a.admin, "Piano Lanjutan", "piano", "advanced", 400_000, 5, a.i1);
    a.c6 = course(a.admin, "Biola Pemula", "violin", "beginner", 200_000, 1, a.i2);
    String g1 = course(a.admin, "Gitar Pemula", "Guitar", "beginner", 150_000, 2, null);
    String g2 = course(a.admin, "Gitar Akustik", "Guitar", "beginner", 150_000, 2, null);
    a.lo = g1.compareTo(g2) < 0 ? g1 : g2;
    a.hi = g1.compareTo(g2) < 0 ? g2 : g1;
    a.c8 = course(a.admin, "Teori Musik", "theory", "beginner", 100_000, 5, a.i3);

    a.k1 = schedule(a.admin, a.c1, a.i1, roomA, a.at(0, 9, 0), a.at(0, 10, 0));
    a.k2 = schedule(a.admin, a.c2, a.i1, roomA, a.at(0, 10, 0), a.at(0, 11, 0));
    a.k7 = schedule(a.admin, a.c2, a.i1, roomA, a.at(7, 9, 0), a.at(7, 10, 0));
    a.k3 = schedule(a.admin, a.c3, a.i1, roomB, a.at(1, 9, 0), a.at(1, 10, 0));
    a.k5 = schedule(a.admin, a.c5, a.i1, roomC, a.at(0, 13, 0), a.at(0, 14, 0));
    a.k6 = schedule(a.admin, a.c6, a.i2, roomC, a.at(0, 15, 0), a.at(0, 16, 0));
    a.kLo = schedule(a.admin, a.lo, a.i2, roomB, a.at(0, 9, 0), a.at(0, 10, 0));
    a.kHi = schedule(a.admin, a.hi, a.i3, roomC, a.at(0, 9, 0), a.at(0, 10, 0));
    a.k9 = schedule(a.admin, a.c8, a.i3, roomC, a.at(2, 10, 0), a.at(2, 11, 0));

    Response inactive = Api.get().call("catalog.updateCourse").path("id", a.c5).token(a.admin)
      .body(new JsonObject().put("is_active", false)).send();
    assertEquals(200, inactive.status(), inactive.toString());

    enroll(a.admin, a.s5, a.c1, a.k1);
    enroll(a.admin, a.s6, a.c6, a.k6);
    enroll(a.admin, a.s4, a.c2, a.k7);
    enroll(a.admin, a.s1, a.c8, a.k9);
    startedAnHourAgo(a.k9);
    Response marked = Api.get().call("scheduling.markAttendance").token(a.admin).body(new JsonObject()
      .put("class_schedule_id", a.k9).put("student_id", a.s1).put("attended", true)).send();
    assertEquals(201, marked.status(), marked.toString());
    Response rated = Api.get().call("scheduling.rateSchedule").path("id", a.k9).token(a.s1Token)
      .body(new JsonObject().put("score", 5)).send();
    assertEquals(201, rated.status(), rated.toString());

    JsonObject prefs = new JsonObject().put("preferred_days", new JsonArray().add("saturday"))
      .put("preferred_time_range", new JsonObject().put("start", "09:00").put("end", "12:00"))
      .put("start_date_target", a.sat.toString());
    a.e2 = book(a.s2Token, prefs.copy().put("course_id", a.c3).put("experience_level", "intermediate"));
    a.e3 = book(login("s3@rec.test"), prefs.copy().put("course_id", a.c2).put("experience_level", "beginner"));
    return a;
  }

  /** SAT plus {@code days}, at the Jakarta time given, as an ISO instant. */
  String at(int days, int hour, int minute) {
    return sat.plusDays(days).atTime(LocalTime.of(hour, minute)).atZone(JAKARTA).toInstant().toString();
  }

  static String user(String role, String email, String name) {
    String id = TestUsers.create(role, email, PASSWORD, "active");
    TestApp.sql("UPDATE auth.users SET full_name = '" + name + "' WHERE id = '" + id + "'");
    return id;
  }

  static String login(String email) {
    return TestUsers.login(email, PASSWORD).getString("access_token");
  }

  static String room(String admin, String name, String... instruments) {
    Response r = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", name)
      .put("capacity", 10).put("description", name).put("instruments", new JsonArray(List.of((Object[]) instruments)))).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  static String course(String admin, String title, String instrument, String level, long price, int max, String instructor) {
    JsonObject body = new JsonObject().put("title", title).put("level", level).put("instrument", instrument)
      .put("price_per_session", price).put("duration_minutes", 60).put("max_students", max).put("is_active", true);
    if (instructor != null) body.put("instructor_id", instructor);
    Response r = Api.get().call("catalog.createCourse").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  /** A class in the room, or online (a meeting link) when {@code room} is null. */
  static String schedule(String admin, String course, String instructor, String room, String start, String end) {
    JsonObject body = new JsonObject().put("course_id", course).put("instructor_id", instructor).put("start_time", start)
      .put("end_time", end);
    if (room == null) body.put("meeting_url", "https://meet.example.com/kelas");
    else body.put("room_id", room);
    Response r = Api.get().call("scheduling.createSchedule").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  /** An admin's direct enrollment, placed on the class. */
  static String enroll(String admin, String student, String course, String schedule) {
    JsonObject body = new JsonObject().put("student_id", student).put("course_id", course);
    if (schedule != null) body.put("schedule_id", schedule);
    Response r = Api.get().call("enrollment.createEnrollment").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("enrollment_id");
  }

  /** A signed-in student's booking with its preferences (pending). */
  static String book(String token, JsonObject body) {
    Response r = Api.get().call("enrollment.createBooking").token(token).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("enrollment_id");
  }

  /**
   * Moves a class so that it started an hour ago (SQL: the API creates no past classes; attendance needs a started
   * class). {@link TestApp#sql} tells the upcoming-classes caches.
   */
  static void startedAnHourAgo(String scheduleId) {
    TestApp.sql("UPDATE scheduling.schedules SET start_time = now() - interval '1 hour', end_time = now() + interval '1 minute' "
      + "WHERE id = '" + scheduleId + "'");
  }

  static Instant instant(String iso) {
    return Instant.parse(iso);
  }
}
