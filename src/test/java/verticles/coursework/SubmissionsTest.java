package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.coursework.Work.Account;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.coursework.Work.assertError;

/**
 * Submissions through HTTP (issue 17, seed 003 §7.4): enrolled students only, one per student and assignment under
 * concurrency, the due date as the last on-time instant (both sides of it, on the database clock), late work, the
 * owner's link change, and the lists with their permissions.
 */
class SubmissionsTest {
  static String admin, web, python;
  static Account owner, other, student, classmate, outsider, pythonStudent;

  @BeforeAll
  static void accounts() {
    Work.reset();
    admin = Work.admin();
    owner = Work.account("instructor", "owner@submissions.test");
    other = Work.account("instructor", "other@submissions.test");
    student = Work.account("student", "student@submissions.test");
    classmate = Work.account("student", "classmate@submissions.test");
    outsider = Work.account("student", "outsider@submissions.test");
    pythonStudent = Work.account("student", "python@submissions.test");
    web = Work.course(admin, "Web Development Dasar", owner.id());
    python = Work.course(admin, "Python untuk Pemula", other.id());
    Work.enroll(student.id(), web);
    Work.enroll(classmate.id(), web);
    Work.enroll(pythonStudent.id(), python);
  }

  @BeforeEach
  void clean() {
    TestApp.sql("TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE");
  }

  private static String assignment(String title) {
    return Work.created(owner.token(), Work.body(web, title)).getString("id");
  }

  private static Response patch(String token, String submissionId, String fileUrl) {
    return Api.get().call("coursework.updateSubmission").token(token).path("id", submissionId)
      .body(new JsonObject().put("file_url", fileUrl)).send();
  }

  // --- submit -----------------------------------------------------------------------------------

  @Test
  void anEnrolledStudentSubmitsAndASecondSubmitReplacesTheLink() {
    String id = assignment("Tugas HTML");
    Response first = Api.get().call("coursework.submit").token(student.token()).path("id", id)
      .body(new JsonObject().put("file_url", "https://github.com/student/html").put("content", "Halaman pertama saya")).send();
    assertEquals(201, first.status(), first.toString());
    JsonObject s = first.data();
    assertEquals("SUBMITTED", s.getString("status"));
    assertFalse(s.getBoolean("late"));
    assertEquals(student.id(), s.getString("user_id"));
    assertEquals(id, s.getString("assignment_id"));
    assertEquals("Halaman pertama saya", s.getString("content"));
    assertEquals(null, s.getValue("score"));

    Response again = Work.submit(student.token(), id, "https://github.com/student/html-v2");
    assertEquals(200, again.status(), again.toString());
    assertEquals(s.getString("id"), again.data().getString("id"), "the same submission, replaced");
    assertEquals("https://github.com/student/html-v2", again.data().getString("file_url"));
    assertEquals(null, again.data().getValue("content"), "a resubmission replaces link and content");
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.submissions"));
    assertEquals(1, Work.outbox("submission.created"));
    assertEquals(1, Work.outbox("submission.updated"));
  }

  @Test
  void twentyConcurrentSubmitsLeaveOneSubmission() {
    String id = assignment("Tugas Serentak");
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(Api.get().call("coursework.submit").token(student.token()).path("id", id)
        .body(new JsonObject().put("file_url", "https://github.com/student/try-" + i)));
    }
    for (Api.Call call : calls) sent.add(call.sendAsync());
    TestApp.await(Future.join(sent));
    int created = 0, replaced = 0;
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < sent.size(); i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      if (r.status() == 201) created++;
      else if (r.status() == 200) replaced++;
      ids.add(r.data().getString("id"));
    }
    assertEquals(1, created, "one insert");
    assertEquals(19, replaced);
    assertEquals(1, ids.size());
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.submissions WHERE assignment_id = '" + id + "'"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.submissions WHERE file_url LIKE 'https://github.com/student/try-%'"));
    assertEquals(1, Work.outbox("submission.created"));
    assertEquals(19, Work.outbox("submission.updated"));
  }

  @Test
  void whoMayNotSubmit() {
    String id = assignment("Tugas CSS");
    assertError(Api.get().call("coursework.submit").path("id", id).body(new JsonObject().put("file_url", "https://x.id/a")).send(),
      401, "AUTH_UNAUTHORIZED");
    assertError(Work.submit(admin, id, "https://x.id/a"), 403, "AUTH_FORBIDDEN");
    assertError(Work.submit(owner.token(), id, "https://x.id/a"), 403, "AUTH_FORBIDDEN");
    Response notEnrolled = Work.submit(outsider.token(), id, "https://x.id/a");
    assertError(notEnrolled, 403, "AUTH_FORBIDDEN");
    assertEquals("You are not enrolled in this course", notEnrolled.json().getString("error"));
    assertError(Work.submit(pythonStudent.token(), id, "https://x.id/a"), 403, "AUTH_FORBIDDEN");
    TestApp.sql("UPDATE enrollment.enrollments SET status = 'cancelled' WHERE student_id = '" + classmate.id() + "'");
    try {
      assertError(Work.submit(classmate.token(), id, "https://x.id/a"), 403, "AUTH_FORBIDDEN");
    } finally {
      TestApp.sql("UPDATE enrollment.enrollments SET status = 'approved' WHERE student_id = '" + classmate.id() + "'");
    }
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.submissions"));
  }

  @Test
  void draftDeletedAndUnknownAssignmentsAreNotFound() {
    String draft = Work.created(owner.token(), Work.body(web, "Draft: Tugas JS").put("status", "DRAFT")).getString("id");
    assertError(Work.submit(student.token(), draft, "https://x.id/a"), 404, "ASSIGNMENT_NOT_FOUND");
    assertError(Work.submit(outsider.token(), draft, "https://x.id/a"), 404, "ASSIGNMENT_NOT_FOUND");
    String deleted = assignment("Tugas yang dihapus");
    assertEquals(200, Api.get().call("coursework.deleteAssignment").token(owner.token()).path("id", deleted).send().status());
    assertError(Work.submit(student.token(), deleted, "https://x.id/a"), 404, "ASSIGNMENT_NOT_FOUND");
    assertError(Work.submit(student.token(), UUID.randomUUID().toString(), "https://x.id/a"), 404, "ASSIGNMENT_NOT_FOUND");
  }

  @Test
  void theLinkMustBeHttpOrHttps() {
    String id = assignment("Tugas Tautan");
    for (String url : new String[]{"ftp://github.com/x", "github.com/student/repo", "https://", "file:///etc/passwd", "https:// spasi"}) {
      Response r = Work.submit(student.token(), id, url);
      assertEquals(400, r.status(), url + ": " + r);
      assertEquals(new JsonArray().add("file_url"), Work.fields(r), url);
    }
    Response missing = Api.get().call("coursework.submit").token(student.token()).path("id", id)
      .body(new JsonObject().put("content", "tanpa tautan")).send();
    assertEquals(400, missing.status(), missing.toString());
    assertEquals(201, Work.submit(student.token(), id, "HTTP://Example.com/Tugas?x=1#bagian").status());
  }

  // --- the due date -----------------------------------------------------------------------------

  @Test
  void beforeTheDueDateIsOnTimeAfterItIsPastDue() {
    String id = assignment("Tugas Tenggat");
    Work.dueAt(id, "now() + interval '10 minutes'");
    assertEquals("SUBMITTED", Work.submitted(student.token(), id, "https://x.id/on-time").getString("status"));
    Work.dueAt(id, "now() - interval '1 second'");
    Response late = Work.submit(classmate.token(), id, "https://x.id/late");
    assertError(late, 400, "SUBMISSION_PAST_DUE");
    JsonObject details = late.json().getJsonObject("details");
    assertNotNull(details.getString("due_date"));
    assertNotNull(details.getString("due_date_local"));
    assertError(Work.submit(student.token(), id, "https://x.id/replaced-late"), 400, "SUBMISSION_PAST_DUE");
    assertEquals("https://x.id/on-time", stringOf("SELECT file_url FROM coursework.submissions WHERE student_id = '" + student.id() + "'"),
      "a refused resubmission leaves the submission as it was");
  }

  @Test
  void lateWorkIsLateWhenAllowed() {
    String id = Work.created(owner.token(), Work.body(web, "Tugas Boleh Telat").put("allow_late", true)).getString("id");
    JsonObject onTime = Work.submitted(student.token(), id, "https://x.id/on-time");
    assertEquals("SUBMITTED", onTime.getString("status"));
    Work.dueAt(id, "now() - interval '1 second'");
    JsonObject late = Work.submitted(classmate.token(), id, "https://x.id/late");
    assertEquals("LATE", late.getString("status"));
    assertTrue(late.getBoolean("late"));
    Response resubmitted = Work.submit(student.token(), id, "https://x.id/after");
    assertEquals(200, resubmitted.status(), resubmitted.toString());
    assertEquals("LATE", resubmitted.data().getString("status"), "replaced after the due date: late");
    assertTrue(resubmitted.data().getBoolean("late"));
  }

  /**
   * The exact instant, on the database clock: within one transaction now() is fixed, so the statement that decides
   * (the same one the submission runs) sees due_date = now() as on time and due_date = now() − 1 µs as past due; the
   * shown status agrees (ACTIVE, then EXPIRED).
   */
  @Test
  void theDueDateItselfIsTheLastInstantOnTime() throws SQLException {
    String id = assignment("Tugas Tepat Waktu");
    try (Connection c = TestApp.connection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute("PREPARE decide AS " + CourseworkSql.ASSIGNMENT_FOR_SUBMISSION);
        s.execute("PREPARE shown AS " + CourseworkSql.ASSIGNMENT_BY_ID);
        s.execute("UPDATE coursework.assignments SET due_date = now() WHERE id = '" + id + "'");
        assertFalse(bool(s, "EXECUTE decide('" + id + "')", "past_due"), "at the due instant: on time");
        assertFalse(bool(s, "EXECUTE shown('" + id + "')", "is_past_due"));
        assertEquals("ACTIVE", string(s, "EXECUTE shown('" + id + "')", "status"));
        s.execute("UPDATE coursework.assignments SET due_date = now() - interval '1 microsecond' WHERE id = '" + id + "'");
        assertTrue(bool(s, "EXECUTE decide('" + id + "')", "past_due"), "one microsecond after: past due");
        assertTrue(bool(s, "EXECUTE shown('" + id + "')", "is_past_due"));
        assertEquals("EXPIRED", string(s, "EXECUTE shown('" + id + "')", "status"));
      } finally {
        c.rollback();
      }
    }
  }

  private static boolean bool(Statement s, String sql, String column) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getBoolean(column);
    }
  }

  private static String string(Statement s, String sql, String column) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(column);
    }
  }

  private static String stringOf(String sql) {
    try (Connection c = TestApp.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- PATCH ------------------------------------------------------------------------------------

  @Test
  void theOwnerChangesTheLinkBeforeTheDueDate() {
    String id = Work.created(owner.token(), Work.body(web, "Tugas Ubah Tautan")).getString("id");
    String mine = Work.submitted(student.token(), id, "https://x.id/v1").getString("id");
    Response changed = patch(student.token(), mine, "https://x.id/v2");
    assertEquals(200, changed.status(), changed.toString());
    assertEquals("https://x.id/v2", changed.data().getString("file_url"));
    assertEquals("SUBMITTED", changed.data().getString("status"));
    assertEquals(1, Work.outbox("submission.updated"));

    assertError(Api.get().call("coursework.updateSubmission").path("id", mine).body(new JsonObject().put("file_url", "https://x.id/v3"))
      .send(), 401, "AUTH_UNAUTHORIZED");
    assertError(patch(admin, mine, "https://x.id/v3"), 403, "AUTH_FORBIDDEN");
    assertError(patch(classmate.token(), mine, "https://x.id/v3"), 403, "AUTH_FORBIDDEN");
    assertError(patch(student.token(), UUID.randomUUID().toString(), "https://x.id/v3"), 404, "SUBMISSION_NOT_FOUND");
    Response badUrl = patch(student.token(), mine, "mailto:guru@x.id");
    assertEquals(400, badUrl.status(), badUrl.toString());
    assertEquals(new JsonArray().add("file_url"), Work.fields(badUrl));

    Work.dueAt(id, "now() - interval '1 second'");
    assertError(patch(student.token(), mine, "https://x.id/too-late"), 400, "SUBMISSION_PAST_DUE");
    TestApp.sql("UPDATE coursework.assignments SET allow_late = true WHERE id = '" + id + "'");
    Response late = patch(student.token(), mine, "https://x.id/late");
    assertEquals(200, late.status(), late.toString());
    assertEquals("LATE", late.data().getString("status"));
    TestApp.sql("UPDATE coursework.assignments SET status = 'DRAFT' WHERE id = '" + id + "'");
    assertError(patch(student.token(), mine, "https://x.id/hidden"), 404, "SUBMISSION_NOT_FOUND");
  }

  // --- lists ------------------------------------------------------------------------------------

  /** Web: two assignments, the student submitted both, the classmate one; Python: the python student one. */
  private String[] someSubmissions() {
    String html = assignment("Tugas HTML");
    String css = assignment("Tugas CSS");
    String py = Work.created(other.token(), Work.body(python, "Latihan Loop")).getString("id");
    String a = Work.submitted(student.token(), html, "https://x.id/html").getString("id");
    String b = Work.submitted(student.token(), css, "https://x.id/css").getString("id");
    String c = Work.submitted(classmate.token(), html, "https://x.id/classmate-html").getString("id");
    String d = Work.submitted(pythonStudent.token(), py, "https://x.id/loop").getString("id");
    return new String[]{html, css, py, a, b, c, d};
  }

  private static JsonObject listed(String op, String token, String pathName, String pathValue, String... query) {
    Api.Call call = Api.get().call(op).token(token);
    if (pathName != null) call.path(pathName, pathValue);
    for (int i = 0; i < query.length; i += 2) call.query(query[i], query[i + 1]);
    Response r = call.send();
    assertEquals(200, r.status(), r.toString());
    return r.data();
  }

  private static Set<String> ids(JsonArray submissions) {
    Set<String> ids = new HashSet<>();
    for (Object s : submissions) ids.add(((JsonObject) s).getString("id"));
    return ids;
  }

  @Test
  void staffListSubmissionsOfTheirCoursesWithAssignmentAndStudent() {
    String[] x = someSubmissions();
    JsonObject all = listed("coursework.listSubmissions", admin, null, null);
    assertEquals(Set.of(x[3], x[4], x[5], x[6]), ids(all.getJsonArray("submissions")));
    assertEquals(4L, all.getJsonObject("pagination").getLong("total"));
    JsonObject one = all.getJsonArray("submissions").stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(x[5]))
      .findFirst().orElseThrow();
    assertEquals(new JsonObject().put("id", classmate.id()).put("name", "Test student").put("email", classmate.email()),
      one.getJsonObject("user"));
    assertEquals("Tugas HTML", one.getJsonObject("assignment").getString("title"));
    assertEquals(web, one.getJsonObject("assignment").getString("course_id"));
    assertEquals(100, one.getJsonObject("assignment").getInteger("points"));

    assertEquals(Set.of(x[3], x[4], x[5]), ids(listed("coursework.listSubmissions", owner.token(), null, null).getJsonArray("submissions")));
    assertEquals(Set.of(x[6]), ids(listed("coursework.listSubmissions", other.token(), null, null).getJsonArray("submissions")));
    assertEquals(Set.of(), ids(listed("coursework.listSubmissions", other.token(), null, null, "assignment_id", x[0])
      .getJsonArray("submissions")), "a filter never widens an instructor's courses");
    assertEquals(Set.of(x[3], x[5]), ids(listed("coursework.listSubmissions", admin, null, null, "assignment_id", x[0])
      .getJsonArray("submissions")));
    assertEquals(Set.of(x[3], x[4]), ids(listed("coursework.listSubmissions", admin, null, null, "user_id", student.id())
      .getJsonArray("submissions")));
    assertEquals(200, Work.grade(owner.token(), x[4], 90, "Rapi").status());
    assertEquals(Set.of(x[4]), ids(listed("coursework.listSubmissions", admin, null, null, "status", "GRADED").getJsonArray("submissions")));
    assertEquals(Set.of(x[3], x[5], x[6]), ids(listed("coursework.listSubmissions", admin, null, null, "status", "SUBMITTED")
      .getJsonArray("submissions")));
    JsonObject paged = listed("coursework.listSubmissions", admin, null, null, "limit", "3", "page", "2");
    assertEquals(1, paged.getJsonArray("submissions").size());
    assertEquals(new JsonObject().put("page", 2).put("limit", 3).put("total", 4).put("total_pages", 2), paged.getJsonObject("pagination"));

    assertError(Api.get().call("coursework.listSubmissions").token(student.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("coursework.listSubmissions").send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, Api.get().call("coursework.listSubmissions").token(admin).query("status", "NOT_SUBMITTED").send().status());
  }

  @Test
  void aCoursesSubmissionsForItsStaffOnly() {
    String[] x = someSubmissions();
    assertEquals(Set.of(x[3], x[4], x[5]), ids(listed("coursework.courseSubmissions", owner.token(), "courseId", web).getJsonArray("submissions")));
    assertEquals(Set.of(x[6]), ids(listed("coursework.courseSubmissions", admin, "courseId", python).getJsonArray("submissions")));
    assertError(Api.get().call("coursework.courseSubmissions").token(other.token()).path("courseId", web).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("coursework.courseSubmissions").token(student.token()).path("courseId", web).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("coursework.courseSubmissions").token(admin).path("courseId", UUID.randomUUID().toString()).send(),
      404, "COURSE_NOT_FOUND");
    assertError(Api.get().call("coursework.courseSubmissions").path("courseId", web).send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void aStudentsSubmissionsForThemselfAndTheirStaff() {
    String[] x = someSubmissions();
    assertEquals(Set.of(x[3], x[4]), ids(listed("coursework.userSubmissions", student.token(), "userId", student.id()).getJsonArray("submissions")));
    assertEquals(Set.of(x[3], x[4]), ids(listed("coursework.userSubmissions", admin, "userId", student.id()).getJsonArray("submissions")));
    assertEquals(Set.of(x[3], x[4]), ids(listed("coursework.userSubmissions", owner.token(), "userId", student.id()).getJsonArray("submissions")));
    Response classmates = Api.get().call("coursework.userSubmissions").token(classmate.token()).path("userId", student.id())
      .header("Accept-Language", "en").send();
    assertError(classmates, 403, "AUTH_FORBIDDEN");
    assertEquals("You can only view your own submissions", classmates.json().getString("error"));
    assertError(Api.get().call("coursework.userSubmissions").token(other.token()).path("userId", student.id()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("coursework.userSubmissions").token(admin).path("userId", UUID.randomUUID().toString()).send(),
      404, "AUTH_USER_NOT_FOUND");
    assertError(Api.get().call("coursework.userSubmissions").path("userId", student.id()).send(), 401, "AUTH_UNAUTHORIZED");

    // an instructor sees a student of their course before any submission there, and only their courses' submissions
    Work.enroll(pythonStudent.id(), web);
    try {
      assertEquals(Set.of(), ids(listed("coursework.userSubmissions", owner.token(), "userId", pythonStudent.id()).getJsonArray("submissions")));
      assertEquals(Set.of(x[6]), ids(listed("coursework.userSubmissions", admin, "userId", pythonStudent.id()).getJsonArray("submissions")));
    } finally {
      TestApp.sql("DELETE FROM enrollment.enrollments WHERE student_id = '" + pythonStudent.id() + "' AND course_id = '" + web + "'");
    }

    JsonArray mine = Api.get().call("coursework.mySubmissions").token(student.token()).send().json().getJsonArray("data");
    assertEquals(Set.of(x[3], x[4]), ids(mine));
    assertEquals("Tugas HTML", mine.stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(x[3])).findFirst()
      .orElseThrow().getJsonObject("assignment").getString("title"));
    assertError(Api.get().call("coursework.mySubmissions").token(owner.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("coursework.mySubmissions").send(), 401, "AUTH_UNAUTHORIZED");
  }
}
