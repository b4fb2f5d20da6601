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
import verticles.Mailbox;
import verticles.TestApp;
import verticles.coursework.Work.Account;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.coursework.Work.assertError;

/**
 * Grading through HTTP (issue 17): staff of the course score a submission within the assignment's points, the student
 * sees score and feedback, the graded submission is final for the student, and the student is emailed in their
 * language (read back as delivered, over IMAP).
 */
class GradingTest {
  static String admin, web;
  static Account owner, other, student, english;
  String assignment, submission;

  @BeforeAll
  static void accounts() {
    Work.reset();
    admin = Work.admin();
    owner = Work.account("instructor", "owner@grading.test");
    other = Work.account("instructor", "other@grading.test");
    student = Work.account("student", "budi@grading.test");
    english = Work.account("student", "emma@grading.test");
    web = Work.course(admin, "Web Development Dasar", owner.id());
    Work.course(admin, "Python untuk Pemula", other.id());
    Work.enroll(student.id(), web, "id");
    Work.enroll(english.id(), web, "en");
  }

  @BeforeEach
  void submission() {
    TestApp.sql("TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE;"
      + "TRUNCATE notify.messages, notify.attempts CASCADE");
    Mailbox.clear();
    assignment = Work.created(owner.token(), Work.body(web, "Tugas HTML & CSS")).getString("id");
    submission = Work.submitted(student.token(), assignment, "https://github.com/budi/html").getString("id");
  }

  @Test
  void staffGradeAndTheStudentSeesScoreAndFeedback() {
    Response graded = Work.grade(owner.token(), submission, 85, "Struktur rapi, perbaiki warna.");
    assertEquals(200, graded.status(), graded.toString());
    JsonObject s = graded.data();
    assertEquals("GRADED", s.getString("status"));
    assertEquals(85, s.getInteger("score"));
    assertEquals("Struktur rapi, perbaiki warna.", s.getString("feedback"));
    assertEquals(owner.id(), s.getString("graded_by"));
    assertNotNull(s.getString("graded_at"));
    assertEquals(100, s.getJsonObject("assignment").getInteger("points"));
    assertEquals(student.email(), s.getJsonObject("user").getString("email"));
    assertEquals(1, Work.outbox("submission.graded"));

    JsonObject mine = Api.get().call("coursework.mySubmissions").token(student.token()).send().json().getJsonArray("data").getJsonObject(0);
    assertEquals(85, mine.getInteger("score"));
    assertEquals("Struktur rapi, perbaiki warna.", mine.getString("feedback"));
    JsonObject inCourse = Api.get().call("coursework.courseAssignments").token(student.token()).path("courseId", web).send()
      .json().getJsonArray("data").getJsonObject(0);
    assertEquals("GRADED", inCourse.getString("submission_status"));
    assertEquals(85, inCourse.getJsonObject("my_submission").getInteger("score"));
    JsonObject detail = Api.get().call("coursework.getAssignment").token(student.token()).path("id", assignment).send().data();
    assertEquals("Struktur rapi, perbaiki warna.", detail.getJsonArray("submissions").getJsonObject(0).getString("feedback"));

    Response again = Work.grade(admin, submission, 0, null);
    assertEquals(200, again.status(), "staff may grade again: " + again);
    assertEquals(0, again.data().getInteger("score"));
    assertEquals(100, Work.grade(admin, submission, 100, "Sempurna").data().getInteger("score"), "the full points are allowed");
  }

  @Test
  void theStudentIsEmailedInTheirLanguage() {
    assertEquals(200, Work.grade(owner.token(), submission, 85, "Bagus <b>sekali</b> & rapi").status());
    Mailbox.Mail mail = Mailbox.one(student.email(), "Nilai tugas");
    assertEquals("Nilai tugas: Tugas HTML & CSS — 85/100", mail.subject());
    assertTrue(mail.text().startsWith("Halo Test student,"), mail.text());
    assertTrue(mail.text().contains("Tugas Anda Tugas HTML & CSS untuk kursus Web Development Dasar telah dinilai pada "), mail.text());
    assertTrue(mail.text().contains(" WIB."), "the time in the academy's zone: " + mail.text());
    assertTrue(mail.text().contains("Nilai: 85 dari 100"), mail.text());
    assertTrue(mail.text().contains("Bagus <b>sekali</b> & rapi"), mail.text());
    assertTrue(mail.html().contains("Bagus &lt;b&gt;sekali&lt;/b&gt; &amp; rapi"), "escaped in HTML: " + mail.html());

    String hers = Work.submitted(english.token(), assignment, "https://github.com/emma/html").getString("id");
    assertEquals(200, Work.grade(owner.token(), hers, 92, null).status());
    Mailbox.Mail en = Mailbox.one(english.email(), "Assignment graded");
    assertEquals("Assignment graded: Tugas HTML & CSS — 92/100", en.subject());
    assertTrue(en.text().contains("Score: 92 out of 100"), en.text());
    assertTrue(!en.text().contains("feedback"), "no feedback, no feedback line: " + en.text());
    assertEquals(2, TestApp.count("SELECT count(*) FROM coursework.outbox WHERE event_type = 'email'"));
  }

  @Test
  void aScoreAboveThePointsIsRefusedNamingTheScore() {
    Response tooHigh = Work.grade(owner.token(), submission, 101, "Terlalu tinggi");
    assertError(tooHigh, 400, "VALIDATION_ERROR");
    assertEquals(new JsonArray().add("score"), Work.fields(tooHigh));
    assertEquals(100, tooHigh.json().getJsonObject("details").getInteger("points"));
    Response negative = Work.grade(owner.token(), submission, -1, null);
    assertEquals(400, negative.status(), negative.toString());
    assertEquals(new JsonArray().add("score"), Work.fields(negative));
    Response longFeedback = Work.grade(owner.token(), submission, 50, "x".repeat(5001));
    assertEquals(400, longFeedback.status(), longFeedback.toString());
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.submissions WHERE status = 'GRADED'"));
    assertEquals(0, Work.outbox("submission.graded"));
    assertEquals(0, Work.outbox("email"));
  }

  @Test
  void whoMayNotGrade() {
    assertError(Api.get().call("coursework.gradeSubmission").path("id", submission).body(new JsonObject().put("score", 5)).send(),
      401, "AUTH_UNAUTHORIZED");
    assertError(Work.grade(student.token(), submission, 100, null), 403, "AUTH_FORBIDDEN");
    assertError(Work.grade(other.token(), submission, 5, null), 403, "AUTH_FORBIDDEN");
    assertError(Work.grade(owner.token(), UUID.randomUUID().toString(), 5, null), 404, "SUBMISSION_NOT_FOUND");
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.submissions WHERE status = 'GRADED'"));
  }

  @Test
  void aGradedSubmissionIsFinalForTheStudent() {
    assertEquals(200, Work.grade(owner.token(), submission, 70, null).status());
    assertError(Work.submit(student.token(), assignment, "https://github.com/budi/html-v2"), 409, "SUBMISSION_ALREADY_GRADED");
    assertError(Api.get().call("coursework.updateSubmission").token(student.token()).path("id", submission)
      .body(new JsonObject().put("file_url", "https://github.com/budi/html-v3")).send(), 409, "SUBMISSION_ALREADY_GRADED");
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.submissions WHERE file_url = 'https://github.com/budi/html' "
      + "AND status = 'GRADED' AND score = 70"));
  }

  /**
   * Grades of 90 and changes of the points to 50 (and back to 100) race; the assignment row is locked by both, so no
   * grade ever exceeds the points it was checked against: whatever the order, score ≤ points at the end, and each
   * request either succeeded or was refused with 400.
   */
  @Test
  void aConcurrentChangeOfPointsCannotSlipPastTheCheck() {
    List<Api.Call> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(Api.get().call("coursework.gradeSubmission").token(owner.token()).path("id", submission)
        .body(new JsonObject().put("score", 90)));
      calls.add(Api.get().call("coursework.updateAssignment").token(owner.token()).path("id", assignment)
        .body(new JsonObject().put("points", i % 2 == 0 ? 50 : 100)));
    }
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (Api.Call call : calls) sent.add(call.sendAsync());
    TestApp.await(Future.join(sent));
    for (int i = 0; i < sent.size(); i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      assertTrue(r.status() == 200 || r.status() == 400, r.toString());
      if (r.status() == 400) assertEquals("VALIDATION_ERROR", r.code(), r.toString());
    }
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.submissions s JOIN coursework.assignments a "
      + "ON a.id = s.assignment_id WHERE s.score > a.points"));
  }
}
