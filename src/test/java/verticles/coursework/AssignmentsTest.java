package verticles.coursework;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.coursework.Work.Account;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.coursework.Work.assertError;

/**
 * Assignments through HTTP (issue 17, seed 003 §7.3): who may create, list, read, change and delete them; publication
 * (published_at and the assignment.published event, once); the reminder re-armed by a moved due date; filters and
 * pagination; what students see of a course.
 */
class AssignmentsTest {
  static String admin, web, python;
  static Account owner, helper, other, student, classmate, outsider;

  @BeforeAll
  static void accounts() {
    Work.reset();
    admin = Work.admin();
    owner = Work.account("instructor", "owner@coursework.test");
    helper = Work.account("instructor", "helper@coursework.test");
    other = Work.account("instructor", "other@coursework.test");
    student = Work.account("student", "student@coursework.test");
    classmate = Work.account("student", "classmate@coursework.test");
    outsider = Work.account("student", "outsider@coursework.test");
    web = Work.course(admin, "Web Development Dasar", owner.id());
    python = Work.course(admin, "Python untuk Pemula", other.id());
    Work.assign(admin, web, helper.id());
    Work.enroll(student.id(), web);
    Work.enroll(classmate.id(), web);
  }

  @BeforeEach
  void clean() {
    TestApp.sql("TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE");
  }

  private static Response get(String token, String id) {
    Api.Call call = Api.get().call("coursework.getAssignment").path("id", id);
    if (token != null) call.token(token);
    return call.send();
  }

  private static Response update(String token, String id, JsonObject body) {
    return Api.get().call("coursework.updateAssignment").token(token).path("id", id).body(body).send();
  }

  private static Response delete(String token, String id) {
    return Api.get().call("coursework.deleteAssignment").token(token).path("id", id).send();
  }

  private static Response list(String token, String... query) {
    Api.Call call = Api.get().call("coursework.listAssignments").token(token);
    for (int i = 0; i < query.length; i += 2) call.query(query[i], query[i + 1]);
    return call.send();
  }

  private static Response ofCourse(String token, String courseId, String status) {
    Api.Call call = Api.get().call("coursework.courseAssignments").path("courseId", courseId);
    if (token != null) call.token(token);
    if (status != null) call.query("status", status);
    return call.send();
  }

  private static List<String> titles(JsonArray assignments) {
    List<String> titles = new ArrayList<>();
    for (Object a : assignments) titles.add(((JsonObject) a).getString("title"));
    return titles;
  }

  // --- create -----------------------------------------------------------------------------------

  @Test
  void adminsOwnersAndAssignedInstructorsCreate() {
    JsonObject byAdmin = Work.created(admin, Work.body(web, "Tugas HTML & CSS"));
    assertEquals("ACTIVE", byAdmin.getString("status"), "ACTIVE unless DRAFT is asked, as in the seed");
    assertNotNull(byAdmin.getString("published_at"));
    assertEquals(0L, byAdmin.getLong("submission_count"));
    assertFalse(byAdmin.getBoolean("is_past_due"));
    assertFalse(byAdmin.getBoolean("allow_late"));
    assertEquals(100, byAdmin.getInteger("points"));
    assertEquals("https://drive.google.com/drive/folders/1a2b3c", byAdmin.getString("resource_url"));

    JsonObject draft = Work.created(owner.token(), Work.body(web, "Draft: JavaScript").put("status", "DRAFT"));
    assertEquals("DRAFT", draft.getString("status"));
    assertNull(draft.getString("published_at"));
    assertEquals(owner.id(), draft.getString("created_by"));

    JsonObject byHelper = Work.created(helper.token(), Work.body(web, "Tugas Flexbox").put("allow_late", true).putNull("resource_url"));
    assertTrue(byHelper.getBoolean("allow_late"));
    assertNull(byHelper.getString("resource_url"));
    assertEquals(2, Work.outbox("assignment.published"), "the two ACTIVE ones are published, the draft is not");
    assertEquals(2, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE published_at IS NOT NULL"));
  }

  @Test
  void publishingWritesTheEventWithTheSeedPayload() {
    Promise<JsonObject> heard = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus().consumer("events.assignment.published",
      m -> heard.tryComplete(m.body()));
    try {
      TestApp.await(consumer.completion());
      JsonObject created = Work.created(owner.token(), Work.body(web, "Tugas Responsive Design"));
      JsonObject event = TestApp.await(heard.future());
      assertEquals("assignment.published", event.getString("event_type"));
      assertNotNull(event.getString("timestamp"));
      JsonObject data = event.getJsonObject("data");
      assertEquals(created.getString("id"), data.getString("assignment_id"));
      assertEquals(web, data.getString("course_id"));
      assertEquals("Tugas Responsive Design", data.getString("title"));
      assertEquals(created.getString("due_date"), data.getString("due_date"));
      assertEquals(created.getString("due_date_local"), data.getString("due_date_local"));
      assertEquals(100, data.getInteger("points"));
      assertEquals(created.getString("published_at"), data.getString("published_at"));
      assertEquals("coursework", event.getJsonObject("metadata").getString("source_service"));
      assertEquals(owner.id(), event.getJsonObject("metadata").getString("triggered_by"));
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void whoMayNotCreate() {
    assertError(Api.get().call("coursework.createAssignment").body(Work.body(web, "Tanpa token")).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Work.create(student.token(), Work.body(web, "Tugas murid")), 403, "AUTH_FORBIDDEN");
    assertError(Work.create(other.token(), Work.body(web, "Kursus orang lain")), 403, "AUTH_FORBIDDEN");
    assertError(Work.create(admin, Work.body(UUID.randomUUID().toString(), "Kursus tak dikenal")), 404, "COURSE_NOT_FOUND");
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.assignments"));
  }

  /**
   * Review of issue 17: a title's length is counted in characters, as the contract and the column's CHECK
   * (char_length) count it — 150 emoji (300 UTF-16 units) are 150 characters and fit the 200 allowed; 4 are too few.
   */
  @Test
  void aTitleIsCountedInCharactersNotUtf16Units() {
    String emoji = "\uD83D\uDCBB".repeat(150);
    JsonObject created = Work.created(owner.token(), Work.body(web, emoji).put("status", "DRAFT"));
    assertEquals(emoji, created.getString("title"));
    Response update = update(owner.token(), created.getString("id"), new JsonObject().put("title", "\uD83D\uDCBB".repeat(200)));
    assertEquals(200, update.status(), update.toString());
    Response tooShort = Work.create(owner.token(), Work.body(web, "\uD83D\uDCBB".repeat(4)));
    assertError(tooShort, 400, "VALIDATION_ERROR");
    assertEquals(new JsonArray().add("title"), Work.fields(tooShort));
  }

  @Test
  void invalidInputIsRefusedNamingTheField() {
    Response shortTitle = Work.create(admin, Work.body(web, "abc"));
    assertEquals(400, shortTitle.status(), shortTitle.toString());
    assertTrue(Work.fields(shortTitle).contains("title"));
    Response paddedTitle = Work.create(admin, Work.body(web, "   abcd    "));
    assertError(paddedTitle, 400, "VALIDATION_ERROR");
    assertEquals(new JsonArray().add("title"), Work.fields(paddedTitle));
    for (int points : new int[]{0, 1001}) {
      Response r = Work.create(admin, Work.body(web, "Poin salah").put("points", points));
      assertEquals(400, r.status(), r.toString());
      assertEquals(new JsonArray().add("points"), Work.fields(r));
    }
    for (String url : new String[]{"ftp://files.example.com/a", "https://", "javascript:alert(1)", "https://exa mple.com"}) {
      Response r = Work.create(admin, Work.body(web, "Tautan salah").put("resource_url", url));
      assertEquals(400, r.status(), url + ": " + r);
      assertEquals(new JsonArray().add("resource_url"), Work.fields(r));
    }
    Response unknown = Work.create(admin, Work.body(web, "Kolom asing").put("course", web));
    assertEquals(400, unknown.status(), unknown.toString());
    Response missing = Work.create(admin, Work.body(web, "Tanpa poin").copy().put("points", (Integer) null));
    assertEquals(400, missing.status(), missing.toString());
    Response badStatus = Work.create(admin, Work.body(web, "Status salah").put("status", "EXPIRED"));
    assertEquals(400, badStatus.status(), badStatus.toString());
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.assignments"));
  }

  // --- update -----------------------------------------------------------------------------------

  @Test
  void aDraftIsPublishedOnceWhenItFirstBecomesActive() {
    String id = Work.created(owner.token(), Work.body(web, "Draft: Git Dasar").put("status", "DRAFT")).getString("id");
    assertEquals(0, Work.outbox("assignment.published"));
    Response active = update(owner.token(), id, new JsonObject().put("status", "ACTIVE"));
    assertEquals(200, active.status(), active.toString());
    String publishedAt = active.data().getString("published_at");
    assertNotNull(publishedAt);
    assertEquals(1, Work.outbox("assignment.published"));
    assertEquals(200, update(owner.token(), id, new JsonObject().put("status", "DRAFT")).status());
    Response again = update(helper.token(), id, new JsonObject().put("status", "ACTIVE"));
    assertEquals(200, again.status(), again.toString());
    assertEquals(publishedAt, again.data().getString("published_at"), "published once");
    assertEquals(1, Work.outbox("assignment.published"), "back to DRAFT and ACTIVE again is no second announcement");
  }

  @Test
  void partialUpdatesChangeOnlyWhatIsSentAndAMovedDueDateReArmsTheReminder() {
    JsonObject a = Work.created(owner.token(), Work.body(web, "Tugas CSS Grid"));
    String id = a.getString("id");
    TestApp.sql("UPDATE coursework.assignments SET reminded_at = now() WHERE id = '" + id + "'");

    Response title = update(helper.token(), id, new JsonObject().put("title", "Tugas CSS Grid (revisi)"));
    assertEquals(200, title.status(), title.toString());
    JsonObject changed = title.data();
    assertEquals("Tugas CSS Grid (revisi)", changed.getString("title"));
    for (String same : List.of("description", "due_date", "due_date_local", "resource_url", "status", "published_at", "course_id")) {
      assertEquals(a.getValue(same), changed.getValue(same), same);
    }
    assertEquals(a.getInteger("points"), changed.getInteger("points"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE reminded_at IS NOT NULL"),
      "the due date did not move: the reminder stays done");

    Response same = update(owner.token(), id, new JsonObject().put("due_date", a.getString("due_date")));
    assertEquals(200, same.status(), same.toString());
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE reminded_at IS NOT NULL"),
      "the same due date is no move");

    String later = Work.inSeconds(14 * 24 * 3600);
    Response moved = update(admin, id, new JsonObject().put("due_date", later).putNull("resource_url").put("points", 80)
      .put("allow_late", true).put("description", ""));
    assertEquals(200, moved.status(), moved.toString());
    assertEquals(later, moved.data().getString("due_date"));
    assertNull(moved.data().getString("resource_url"), "null clears the link");
    assertEquals(80, moved.data().getInteger("points"));
    assertTrue(moved.data().getBoolean("allow_late"));
    assertEquals("", moved.data().getString("description"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE reminded_at IS NOT NULL"),
      "a moved due date re-arms the reminder");
  }

  @Test
  void whoMayNotUpdate() {
    String id = Work.created(owner.token(), Work.body(web, "Tugas Node.js")).getString("id");
    assertError(Api.get().call("coursework.updateAssignment").path("id", id).body(new JsonObject().put("points", 5)).send(),
      401, "AUTH_UNAUTHORIZED");
    assertError(update(student.token(), id, new JsonObject().put("points", 5)), 403, "AUTH_FORBIDDEN");
    assertError(update(other.token(), id, new JsonObject().put("points", 5)), 403, "AUTH_FORBIDDEN");
    assertError(update(admin, UUID.randomUUID().toString(), new JsonObject().put("points", 5)), 404, "ASSIGNMENT_NOT_FOUND");
    Response empty = update(admin, id, new JsonObject());
    assertEquals(400, empty.status(), empty.toString());
    assertError(update(admin, id, new JsonObject().put("due_date", "31/12/2025 23:59")), 400, "VALIDATION_INVALID_DATE");
    Response course = update(admin, id, new JsonObject().put("course_id", python));
    assertEquals(400, course.status(), "the course never changes: " + course);
    assertEquals(100, TestApp.count("SELECT points FROM coursework.assignments WHERE id = '" + id + "'"));
    assertEquals(200, delete(admin, id).status());
    assertError(update(admin, id, new JsonObject().put("points", 5)), 404, "ASSIGNMENT_NOT_FOUND");
  }

  @Test
  void pointsCannotFallBelowAScoreAlreadyGiven() {
    String id = Work.created(owner.token(), Work.body(web, "Tugas Akhir")).getString("id");
    String submission = Work.submitted(student.token(), id, "https://github.com/student/akhir").getString("id");
    assertEquals(200, Work.grade(owner.token(), submission, 80, null).status());
    Response lower = update(owner.token(), id, new JsonObject().put("points", 79));
    assertError(lower, 400, "VALIDATION_ERROR");
    assertEquals(new JsonArray().add("points"), Work.fields(lower));
    assertEquals(80, lower.json().getJsonObject("details").getInteger("highest_score"));
    assertEquals(100, TestApp.count("SELECT points FROM coursework.assignments WHERE id = '" + id + "'"));
    Response equal = update(owner.token(), id, new JsonObject().put("points", 80));
    assertEquals(200, equal.status(), equal.toString());
  }

  // --- delete -----------------------------------------------------------------------------------

  @Test
  void deleteIsSoftAndHidesTheAssignmentFromStudents() {
    String id = Work.created(owner.token(), Work.body(web, "Tugas yang dihapus")).getString("id");
    Work.submitted(student.token(), id, "https://github.com/student/hapus");
    assertError(Api.get().call("coursework.deleteAssignment").path("id", id).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(delete(student.token(), id), 403, "AUTH_FORBIDDEN");
    assertError(delete(other.token(), id), 403, "AUTH_FORBIDDEN");
    assertError(delete(owner.token(), UUID.randomUUID().toString()), 404, "ASSIGNMENT_NOT_FOUND");

    Response deleted = delete(helper.token(), id);
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.submissions"), "submissions are kept");
    assertEquals("DELETED", get(owner.token(), id).data().getString("status"), "staff still read it");
    assertError(get(student.token(), id), 404, "ASSIGNMENT_NOT_FOUND");
    assertError(delete(owner.token(), id), 404, "ASSIGNMENT_NOT_FOUND");
    assertEquals(0, list(admin).data().getJsonArray("assignments").size(), "lists leave deleted ones out");
    assertEquals(1, list(admin, "status", "DELETED").data().getJsonArray("assignments").size());
    assertEquals(0, ofCourse(student.token(), web, null).json().getJsonArray("data").size());
    assertEquals(0, Api.get().call("coursework.mySubmissions").token(student.token()).send().json().getJsonArray("data").size(),
      "students no longer see it nor their submission to it");
  }

  // --- lists ------------------------------------------------------------------------------------

  /** Web: "Tugas HTML" (ACTIVE, in a week), "Draft Python Web" (DRAFT), "Kuis Lama" (past due: EXPIRED); Python: one. */
  private static String[] fourAssignments() {
    String html = Work.created(owner.token(), Work.body(web, "Tugas HTML").put("description", "Halaman 100% statis")).getString("id");
    String draft = Work.created(owner.token(), Work.body(web, "Draft Python Web").put("status", "DRAFT")
      .put("due_date", Work.inSeconds(8 * 24 * 3600))).getString("id");
    String old = Work.created(owner.token(), Work.body(web, "Kuis Lama").put("due_date", Work.inSeconds(-3600))).getString("id");
    String py = Work.created(other.token(), Work.body(python, "Latihan Loop").put("due_date", Work.inSeconds(9 * 24 * 3600)))
      .getString("id");
    return new String[]{html, draft, old, py};
  }

  @Test
  void listsFilterAndPaginateWithinTheCallersCourses() {
    String[] ids = fourAssignments();
    Work.submitted(student.token(), ids[0], "https://github.com/student/html");

    JsonObject all = list(admin).data();
    assertEquals(List.of("Kuis Lama", "Tugas HTML", "Draft Python Web", "Latihan Loop"), titles(all.getJsonArray("assignments")),
      "by due date");
    assertEquals(new JsonObject().put("page", 1).put("limit", 20).put("total", 4).put("total_pages", 1), all.getJsonObject("pagination"));
    JsonObject html = all.getJsonArray("assignments").getJsonObject(1);
    assertEquals(1L, html.getLong("submission_count"));
    assertEquals("EXPIRED", all.getJsonArray("assignments").getJsonObject(0).getString("status"));
    assertTrue(all.getJsonArray("assignments").getJsonObject(0).getBoolean("is_past_due"));

    assertEquals(List.of("Tugas HTML", "Latihan Loop"), titles(list(admin, "status", "ACTIVE").data().getJsonArray("assignments")));
    assertEquals(List.of("Kuis Lama"), titles(list(admin, "status", "EXPIRED").data().getJsonArray("assignments")));
    assertEquals(List.of("Draft Python Web"), titles(list(admin, "status", "DRAFT").data().getJsonArray("assignments")));
    assertEquals(List.of("Latihan Loop"), titles(list(admin, "course_id", python).data().getJsonArray("assignments")));
    assertEquals(List.of("Draft Python Web"), titles(list(admin, "search", "WEB").data().getJsonArray("assignments")),
      "in the title, any case");
    assertEquals(List.of("Tugas HTML"), titles(list(admin, "search", "Statis").data().getJsonArray("assignments")),
      "in the description");
    assertEquals(List.of("Tugas HTML"), titles(list(admin, "search", "100%").data().getJsonArray("assignments")), "% is a character");
    assertEquals(List.of(), titles(list(admin, "search", "_").data().getJsonArray("assignments")), "_ is a character");

    JsonObject second = list(admin, "limit", "3", "page", "2").data();
    assertEquals(List.of("Latihan Loop"), titles(second.getJsonArray("assignments")));
    assertEquals(new JsonObject().put("page", 2).put("limit", 3).put("total", 4).put("total_pages", 2), second.getJsonObject("pagination"));

    assertEquals(List.of("Kuis Lama", "Tugas HTML", "Draft Python Web"), titles(list(owner.token()).data().getJsonArray("assignments")));
    assertEquals(List.of("Kuis Lama", "Tugas HTML", "Draft Python Web"), titles(list(helper.token()).data().getJsonArray("assignments")));
    assertEquals(List.of("Latihan Loop"), titles(list(other.token()).data().getJsonArray("assignments")));
    assertEquals(List.of(), titles(list(owner.token(), "course_id", python).data().getJsonArray("assignments")),
      "a filter never widens an instructor's courses");
    assertError(list(student.token()), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("coursework.listAssignments").send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, list(admin, "status", "LATE").status());
  }

  @Test
  void aCoursesAssignmentsForItsStaffAndItsStudents() {
    String[] ids = fourAssignments();
    JsonArray staff = ofCourse(helper.token(), web, null).json().getJsonArray("data");
    assertEquals(List.of("Kuis Lama", "Tugas HTML", "Draft Python Web"), titles(staff));
    assertEquals(0L, staff.getJsonObject(0).getLong("submission_count"));
    assertEquals(List.of("Draft Python Web"), titles(ofCourse(admin, web, "DRAFT").json().getJsonArray("data")));

    JsonArray before = ofCourse(student.token(), web, null).json().getJsonArray("data");
    assertEquals(List.of("Kuis Lama", "Tugas HTML"), titles(before), "students see published ones only");
    for (Object a : before) {
      assertEquals("NOT_SUBMITTED", ((JsonObject) a).getString("submission_status"));
      assertNull(((JsonObject) a).getValue("my_submission"));
      assertFalse(((JsonObject) a).containsKey("submission_count"));
    }
    JsonObject mine = Work.submitted(student.token(), ids[0], "https://github.com/student/html");
    JsonObject after = ofCourse(student.token(), web, null).json().getJsonArray("data").getJsonObject(1);
    assertEquals("SUBMITTED", after.getString("submission_status"));
    assertEquals(mine.getString("id"), after.getJsonObject("my_submission").getString("id"));
    assertEquals("NOT_SUBMITTED", ofCourse(classmate.token(), web, null).json().getJsonArray("data").getJsonObject(1)
      .getString("submission_status"), "each student sees their own status");
    assertEquals(List.of("Kuis Lama"), titles(ofCourse(student.token(), web, "EXPIRED").json().getJsonArray("data")));
    assertEquals(List.of(), titles(ofCourse(student.token(), web, "DRAFT").json().getJsonArray("data")));

    assertError(ofCourse(outsider.token(), web, null), 403, "AUTH_FORBIDDEN");
    assertError(ofCourse(other.token(), web, null), 403, "AUTH_FORBIDDEN");
    assertError(ofCourse(admin, UUID.randomUUID().toString(), null), 404, "COURSE_NOT_FOUND");
    assertError(ofCourse(null, web, null), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void oneAssignmentForStaffWithEverySubmissionAndForAStudentWithTheirOwn() {
    String id = Work.created(owner.token(), Work.body(web, "Tugas DOM")).getString("id");
    JsonObject mine = Work.submitted(student.token(), id, "https://github.com/student/dom");
    Work.submitted(classmate.token(), id, "https://github.com/classmate/dom");

    JsonObject staff = get(helper.token(), id).data();
    assertEquals(2L, staff.getLong("submission_count"));
    assertEquals(2, staff.getJsonArray("submissions").size());
    JsonObject first = staff.getJsonArray("submissions").getJsonObject(0);
    assertEquals(new JsonObject().put("id", student.id()).put("name", "Test student").put("email", student.email()),
      first.getJsonObject("user"));

    JsonObject own = get(student.token(), id).data();
    assertEquals(1, own.getJsonArray("submissions").size(), "a student sees only their own submission");
    assertEquals(mine.getString("id"), own.getJsonArray("submissions").getJsonObject(0).getString("id"));
    assertEquals("SUBMITTED", own.getString("submission_status"));
    assertFalse(own.containsKey("submission_count"));

    String draft = Work.created(owner.token(), Work.body(web, "Draft: Tugas Rahasia").put("status", "DRAFT")).getString("id");
    assertEquals(200, get(owner.token(), draft).status());
    assertError(get(student.token(), draft), 404, "ASSIGNMENT_NOT_FOUND");
    assertError(get(outsider.token(), id), 403, "AUTH_FORBIDDEN");
    assertError(get(outsider.token(), draft), 404, "ASSIGNMENT_NOT_FOUND");
    assertError(get(other.token(), id), 403, "AUTH_FORBIDDEN");
    assertError(get(admin, UUID.randomUUID().toString()), 404, "ASSIGNMENT_NOT_FOUND");
    assertError(get(null, id), 401, "AUTH_UNAUTHORIZED");
  }
}
