package verticles.analytics;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.coursework.Work;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The {@code assignments} block of a student's figures (issue 17, seed §7.2) over a known set of coursework, for each
 * reader (the student, an admin, each instructor: only the courses they teach), and its 401/403 paths.
 *
 * <pre>
 * courses   WEB (owner I1), DATA (owner I2), UX (owner I2)
 * students  S1 approved in WEB and DATA, pending in UX · S2 approved in WEB · S3 approved in DATA · S4 approved in WEB
 * WEB       W1 ACTIVE 100 points, past due, late allowed: S1 late, graded 45 · S2 on time, graded 100
 *           W2 ACTIVE 50 points, due in 10 days: S1 submitted (not graded)
 *           W3 DRAFT: S1 — · W4 DELETED 10 points: S1 graded 10 (neither counts)
 * DATA      D1 ACTIVE 20 points, due in 10 days: S1 graded 18
 *           D2 ACTIVE 3 points, past due: S3 late, graded 2 (66.67 %)
 * UX        U1 ACTIVE: S1 submitted (while approved; that registration was cancelled, S1's registration now is
 *           pending: does not count)
 * </pre>
 * Everything is written through the API (the coursework API through {@code coursework.Work}); the jobs announce the
 * assignments to the students by email as they are published, which these figures do not read.
 */
class StudentAssignmentsTest {
  static final String PASSWORD = "Analytics-Pass-42";
  static String admin, s1, s2, s3, s4, s1Token, s2Token, i1Token, i2Token, i3Token;

  @BeforeAll
  static void seed() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    admin = TestUsers.adminToken();
    s1 = user("student", "s1@assignments.test");
    s2 = user("student", "s2@assignments.test");
    s3 = user("student", "s3@assignments.test");
    s4 = user("student", "s4@assignments.test");
    String i1 = user("instructor", "i1@assignments.test");
    String i2 = user("instructor", "i2@assignments.test");
    user("instructor", "i3@assignments.test");
    s1Token = login("s1@assignments.test");
    s2Token = login("s2@assignments.test");
    i1Token = login("i1@assignments.test");
    i2Token = login("i2@assignments.test");
    i3Token = login("i3@assignments.test");
    String s3Token = login("s3@assignments.test");

    String web = course("Pemrograman Web", i1), data = course("Analisis Data", i2), ux = course("Desain UX", i2);
    approve(s1, web);
    approve(s1, data);
    approve(s2, web);
    approve(s3, data);
    approve(s4, web);

    Instant past = Instant.now().minus(2, ChronoUnit.DAYS), later = Instant.now().plus(10, ChronoUnit.DAYS);
    // W1: S2 hands in on time; then the due date has passed (moved into the past) with late work allowed: S1 is late
    String w1 = Work.assignment(admin, web, "Halaman HTML", "ACTIVE", later, 100, false);
    String w1s2 = Work.submission(s2Token, w1, "SUBMITTED");
    Work.changed(admin, w1, new JsonObject().put("due_date", past.truncatedTo(ChronoUnit.SECONDS).toString()).put("allow_late", true));
    Work.graded(admin, Work.submission(s1Token, w1, "LATE"), 45);
    Work.graded(admin, w1s2, 100);
    String w2 = Work.assignment(admin, web, "Formulir JavaScript", "ACTIVE", later, 50, false);
    Work.submission(s1Token, w2, "SUBMITTED");
    Work.assignment(admin, web, "Draf proyek", "DRAFT", later, 30, false);
    String w4 = Work.assignment(admin, web, "Tugas yang dihapus", "ACTIVE", later, 10, false);
    Work.graded(admin, Work.submission(s1Token, w4, "SUBMITTED"), 10);
    Work.deleted(admin, w4);
    String d1 = Work.assignment(admin, data, "Statistik deskriptif", "ACTIVE", later, 20, false);
    Work.graded(admin, Work.submission(s1Token, d1, "SUBMITTED"), 18);
    // D2: recorded after its due date, late work allowed for S3, then closed to late work
    String d2 = Work.assignment(admin, data, "Kuis regresi", "ACTIVE", past, 3, true);
    Work.graded(admin, Work.submission(s3Token, d2, "LATE"), 2);
    Work.changed(admin, d2, new JsonObject().put("allow_late", false));
    // UX: S1 submits U1 while approved; that registration is cancelled and S1 books the course again (pending)
    Response approved = approve(s1, ux);
    String u1 = Work.assignment(admin, ux, "Wireframe", "ACTIVE", later, 10, false);
    Work.submission(s1Token, u1, "SUBMITTED");
    Response cancelled = Api.get().call("enrollment.cancel").path("id", approved.data().getString("enrollment_id")).token(admin).send();
    assertEquals(200, cancelled.status(), cancelled.toString());
    Response booked = Api.get().call("enrollment.createBooking").token(s1Token).body(new JsonObject().put("course_id", ux)).send();
    assertEquals(201, booked.status(), booked.toString());
  }

  private static String user(String role, String email) {
    return TestUsers.create(role, email, PASSWORD, "active");
  }

  private static String login(String email) {
    return TestUsers.login(email, PASSWORD).getString("access_token");
  }

  private static String course(String title, String instructor) {
    Response r = Api.get().call("catalog.createCourse").token(admin).body(new JsonObject().put("title", title)
      .put("level", "beginner").put("price_per_session", 100000).put("duration_minutes", 60).put("max_students", 10)
      .put("is_active", true).put("instructor_id", instructor)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  private static Response approve(String student, String course) {
    Response r = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", student).put("course_id", course)).send();
    assertEquals(201, r.status(), r.toString());
    return r;
  }

  private static Response figures(String studentId, String token) {
    return Api.get().call("analytics.student").path("id", studentId).token(token).send();
  }

  private static JsonObject block(String studentId, String token) {
    Response r = figures(studentId, token);
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonObject("assignments");
  }

  private static JsonObject expected(int assigned, int submitted, int late, int graded, Double average) {
    return new JsonObject().put("assigned", assigned).put("submitted", submitted).put("late", late).put("graded", graded)
      .put("average_score", average);
  }

  @Test
  void theStudentAndAdminsSeeEveryCourseOfTheStudent() {
    // W1, W2, D1, D2 (not the draft, the deleted one nor the pending course's); average of 45 % and 90 %
    JsonObject all = expected(4, 3, 1, 2, 67.5);
    assertEquals(all, block(s1, s1Token));
    assertEquals(all, block(s1, admin));
    assertEquals(expected(2, 1, 0, 1, 100.0), block(s2, s2Token));
    assertEquals(expected(2, 1, 1, 1, 66.67), block(s3, admin), "2 of 3 points, as a percentage with 2 decimals");
    assertEquals(expected(2, 0, 0, 0, null), block(s4, admin), "nothing graded: no average, never an invented 0");
  }

  @Test
  void anInstructorSeesTheCoursesTheyTeachOnly() {
    assertEquals(expected(2, 2, 1, 1, 45.0), block(s1, i1Token), "WEB only");
    assertEquals(expected(2, 1, 0, 1, 90.0), block(s1, i2Token), "DATA only (UX: S1's registration is pending)");
  }

  @Test
  void nobodyElseSeesThem() {
    Response anonymous = Api.get().call("analytics.student").path("id", s1).send();
    assertEquals(401, anonymous.status(), anonymous.toString());
    assertEquals("AUTH_UNAUTHORIZED", anonymous.code());
    Response otherStudent = figures(s1, s2Token);
    assertEquals(403, otherStudent.status(), otherStudent.toString());
    assertEquals("AUTH_FORBIDDEN", otherStudent.code());
    assertFalse(otherStudent.text().contains("assignments"), "no figure leaks into the refusal");
    Response stranger = figures(s1, i3Token);
    assertEquals(403, stranger.status(), "an instructor who teaches none of S1's courses: " + stranger);
    assertEquals("AUTH_FORBIDDEN", stranger.code());
  }

  @Test
  void theBlockIsInTheCsvToo() {
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + s1Token);
    Response csv = Api.get().raw(io.vertx.core.http.HttpMethod.GET, "/api/analytics/students/" + s1 + "?format=csv", headers, null);
    assertEquals(200, csv.status(), csv.toString());
    String text = csv.text();
    for (String line : new String[]{"assignments.assigned,4", "assignments.submitted,3", "assignments.late,1",
      "assignments.graded,2", "assignments.average_score,67.5"}) {
      assertEquals(true, text.contains("\r\n" + line + "\r\n"), line + " in " + text);
    }
  }
}
