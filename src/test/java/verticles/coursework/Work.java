package verticles.coursework;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Coursework test fixtures: accounts (inserted as {@link TestUsers} does, logged in through the API), courses and their
 * instructors through the catalog API, approved enrollments (SQL, as enrollment writes them — no email, so the mailbox
 * holds only what coursework sends), assignments and submissions through the coursework API. The public helpers at
 * the end (an assignment, a change of it, a submission, a grade — each asserting its answer) are also the coursework
 * fixtures of other packages' tests (analytics).
 */
public final class Work {
  static final String PASSWORD = "Coursework-Pass-42";
  private static final AtomicInteger REGISTRATIONS = new AtomicInteger();

  private Work() {
  }

  /** Empties coursework, the catalog, registrations and the accounts (but the first admin), and the mailboxes. */
  static void reset() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
  }

  record Account(String id, String email, String token) {
  }

  static Account account(String role, String email) {
    String id = TestUsers.create(role, email, PASSWORD, "active");
    return new Account(id, email, TestUsers.login(email, PASSWORD).getString("access_token"));
  }

  static String admin() {
    return TestUsers.adminToken();
  }

  /** An active course owned by {@code ownerId} (null: none), created by the admin; its id. */
  static String course(String admin, String title, String ownerId) {
    JsonObject body = new JsonObject().put("title", title).put("description", "Belajar " + title).put("level", "beginner")
      .put("price_per_session", 150000).put("duration_minutes", 90).put("max_students", 30).put("is_active", true);
    if (ownerId != null) body.put("instructor_id", ownerId);
    Response r = Api.get().call("catalog.createCourse").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  /** Assigns an instructor to a course (the admin's decision, catalog API). */
  static void assign(String admin, String courseId, String instructorId) {
    Response r = Api.get().call("catalog.assignCourseInstructor").token(admin).path("id", courseId)
      .body(new JsonObject().put("instructor_id", instructorId)).send();
    assertEquals(201, r.status(), r.toString());
  }

  /** An approved enrollment of the student in the course, registered in {@code language} ("id" | "en"). */
  static void enroll(String studentId, String courseId, String language) {
    int n = REGISTRATIONS.incrementAndGet();
    TestApp.sql("""
      INSERT INTO enrollment.enrollments (registration_number, student_id, course_id, status, email, email_key, full_name,
                                          wa_number, language)
      VALUES ('REG-CW-%1$d', '%2$s', '%3$s', 'approved', 'cw%1$d@y.id', 'cw%1$d@y.id', 'X', '+628123456789', '%4$s')"""
      .formatted(n, studentId, courseId, language));
  }

  static void enroll(String studentId, String courseId) {
    enroll(studentId, courseId, "id");
  }

  /** An ISO instant {@code seconds} from now (UTC, whole seconds). */
  static String inSeconds(long seconds) {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds).toString();
  }

  /** A valid create body: 100 points, due in a week, ACTIVE. */
  static JsonObject body(String courseId, String title) {
    return new JsonObject().put("title", title).put("description", "Buat halaman HTML sederhana dengan CSS.")
      .put("course_id", courseId).put("due_date", inSeconds(7 * 24 * 3600)).put("points", 100)
      .put("resource_url", "https://drive.google.com/drive/folders/1a2b3c");
  }

  static Response create(String token, JsonObject body) {
    return Api.get().call("coursework.createAssignment").token(token).body(body).send();
  }

  static JsonObject created(String token, JsonObject body) {
    Response r = create(token, body);
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  static Response submit(String token, String assignmentId, String fileUrl) {
    // in English: the tests assert the API's English texts (Indonesian is the default, see ApiLanguageTest)
    return Api.get().call("coursework.submit").token(token).path("id", assignmentId)
      .body(new JsonObject().put("file_url", fileUrl)).header("Accept-Language", "en").send();
  }

  static JsonObject submitted(String token, String assignmentId, String fileUrl) {
    Response r = submit(token, assignmentId, fileUrl);
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  static Response grade(String token, String submissionId, int score, String feedback) {
    JsonObject body = new JsonObject().put("score", score);
    if (feedback != null) body.put("feedback", feedback);
    return Api.get().call("coursework.gradeSubmission").token(token).path("id", submissionId).body(body).send();
  }

  /** Sets an assignment's due date with SQL (e.g. into the past, as time passing would). */
  static void dueAt(String assignmentId, String sqlTime) {
    TestApp.sql("UPDATE coursework.assignments SET due_date = " + sqlTime + " WHERE id = '" + assignmentId + "'");
  }

  static long outbox(String eventType) {
    return TestApp.count("SELECT count(*) FROM coursework.outbox WHERE event_type = '" + eventType + "'");
  }

  static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

  /** The fields named by a 400's details.fields. */
  static JsonArray fields(Response r) {
    JsonArray names = new JsonArray();
    for (Object f : r.json().getJsonObject("details").getJsonArray("fields")) names.add(((JsonObject) f).getString("field"));
    return names;
  }

  // --- the coursework API in one call each, asserting the answer (also for other packages' tests) -----------------

  /**
   * POST /api/assignments as {@code token} (staff of the course): {@code status} DRAFT or ACTIVE (an ACTIVE one is
   * published, and the jobs start at once), due at {@code due} (to the second; the past is accepted) → its id.
   */
  public static String assignment(String token, String courseId, String title, String status, Instant due, int points,
                                  boolean allowLate) {
    return created(token, new JsonObject().put("title", title).put("description", "Kerjakan dan kumpulkan tautannya.")
      .put("course_id", courseId).put("due_date", due.truncatedTo(ChronoUnit.SECONDS).toString()).put("points", points)
      .put("status", status).put("allow_late", allowLate)).getString("id");
  }

  /** PUT /api/assignments/{id} with {@code changes} (partial) as {@code token} → the assignment after it. */
  public static JsonObject changed(String token, String assignmentId, JsonObject changes) {
    Response r = Api.get().call("coursework.updateAssignment").token(token).path("id", assignmentId).body(changes).send();
    assertEquals(200, r.status(), r.toString());
    return r.data();
  }

  /** A DRAFT (or ACTIVE) assignment made ACTIVE through the API: published the first time. */
  public static void publish(String token, String assignmentId) {
    changed(token, assignmentId, new JsonObject().put("status", "ACTIVE"));
  }

  /** The due date moved through the API (which re-arms the reminder). */
  public static void moveDueDate(String token, String assignmentId, Instant due) {
    changed(token, assignmentId, new JsonObject().put("due_date", due.truncatedTo(ChronoUnit.SECONDS).toString()));
  }

  /** DELETE /api/assignments/{id} (soft: submissions and grades stay). */
  public static void deleted(String token, String assignmentId) {
    Response r = Api.get().call("coursework.deleteAssignment").token(token).path("id", assignmentId).send();
    assertEquals(200, r.status(), r.toString());
  }

  /** The student's first submission of the assignment, which must come out {@code status} (SUBMITTED or LATE) → its id. */
  public static String submission(String studentToken, String assignmentId, String status) {
    JsonObject s = submitted(studentToken, assignmentId, "https://github.com/student/tugas");
    assertEquals(status, s.getString("status"), s.encode());
    return s.getString("id");
  }

  /** POST /api/submissions/{id}/grade as {@code token} (staff of the course) → GRADED with {@code score}. */
  public static void graded(String token, String submissionId, int score) {
    Response r = grade(token, submissionId, score, "Bagus");
    assertEquals(200, r.status(), r.toString());
    assertEquals("GRADED", r.data().getString("status"), r.toString());
  }
}
