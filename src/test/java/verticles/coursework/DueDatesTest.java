package verticles.coursework;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.coursework.Work.Account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static verticles.coursework.Work.assertError;

/**
 * The time-zone rule of seed 003 §7.1 through HTTP: a due date without an offset is WIB (the test academy's zone is the
 * default, Asia/Jakarta), one with Z or an offset is taken as given; answers carry UTC, the Indonesian local time and
 * is_past_due — across month and year ends, on create and on update, and in every view that shows a due date.
 */
class DueDatesTest {
  static String admin, course;
  static Account student;

  @BeforeAll
  static void accounts() {
    Work.reset();
    admin = Work.admin();
    student = Work.account("student", "murid@duedates.test");
    course = Work.course(admin, "Web Development Dasar", null);
    Work.enroll(student.id(), course);
  }

  @BeforeEach
  void clean() {
    TestApp.sql("TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE");
  }

  private static JsonObject due(String input) {
    return Work.created(admin, Work.body(course, "Tugas " + input).put("due_date", input));
  }

  private static void assertDue(String input, String utc, String local) {
    JsonObject a = due(input);
    assertEquals(utc, a.getString("due_date"), input);
    assertEquals(local, a.getString("due_date_local"), input);
    assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE id = '" + a.getString("id")
      + "' AND due_date = '" + utc + "'::timestamptz"), input + " is stored as " + utc);
  }

  @Test
  void withoutAnOffsetADueDateIsAcademyTime() {
    assertDue("2025-05-15T01:00:00", "2025-05-14T18:00:00Z", "15 Mei 2025 pukul 01.00");
    assertDue("2025-05-14T01:00:00", "2025-05-13T18:00:00Z", "14 Mei 2025 pukul 01.00");
    assertDue("2025-06-30T07:00", "2025-06-30T00:00:00Z", "30 Juni 2025 pukul 07.00");
  }

  @Test
  void acrossMonthAndYearEnds() {
    assertDue("2025-01-01T01:00:00", "2024-12-31T18:00:00Z", "1 Januari 2025 pukul 01.00");
    assertDue("2025-03-01T06:59:59", "2025-02-28T23:59:59Z", "1 Maret 2025 pukul 06.59");
    assertDue("2024-03-01T00:30:00", "2024-02-29T17:30:00Z", "1 Maret 2024 pukul 00.30");
    assertDue("2025-08-01T00:00:00", "2025-07-31T17:00:00Z", "1 Agustus 2025 pukul 00.00");
  }

  @Test
  void anOffsetOrZIsTakenAsGiven() {
    assertDue("2025-05-15T02:00:00+08:00", "2025-05-14T18:00:00Z", "15 Mei 2025 pukul 01.00");
    assertDue("2025-05-14T18:00:00Z", "2025-05-14T18:00:00Z", "15 Mei 2025 pukul 01.00");
    assertDue("2024-12-31T17:30:00Z", "2024-12-31T17:30:00Z", "1 Januari 2025 pukul 00.30");
    assertDue("2025-12-31T23:00:00-05:00", "2026-01-01T04:00:00Z", "1 Januari 2026 pukul 11.00");
    assertDue("2025-05-15T01:00:00.999+07:00", "2025-05-14T18:00:00Z", "15 Mei 2025 pukul 01.00");
  }

  @Test
  void invalidDueDatesAre400NamingTheField() {
    for (String bad : new String[]{"besok", "2025-02-30T10:00:00", "2025-05-15T25:00:00", "2025-05-15", "15/05/2025 01:00",
      "2025-05-15T01:00:00+25:00", "10000-01-01T00:00:00Z", "2025-05-15 01:00:00"}) {
      Response r = Work.create(admin, Work.body(course, "Tanggal salah").put("due_date", bad));
      assertEquals(400, r.status(), bad + ": " + r);
      assertEquals(new JsonArray().add("due_date"), Work.fields(r), bad);
    }
    assertError(Work.create(admin, Work.body(course, "Tanggal salah").put("due_date", "besok")), 400, "VALIDATION_INVALID_DATE");
    assertEquals(0, TestApp.count("SELECT count(*) FROM coursework.assignments"));
  }

  @Test
  void updatesFollowTheSameRule() {
    String id = due("2025-05-15T01:00:00").getString("id");
    Response moved = Api.get().call("coursework.updateAssignment").token(admin).path("id", id)
      .body(new JsonObject().put("due_date", "2026-01-01T00:15:00")).send();
    assertEquals(200, moved.status(), moved.toString());
    assertEquals("2025-12-31T17:15:00Z", moved.data().getString("due_date"));
    assertEquals("1 Januari 2026 pukul 00.15", moved.data().getString("due_date_local"));
    Response bad = Api.get().call("coursework.updateAssignment").token(admin).path("id", id)
      .body(new JsonObject().put("due_date", "2026-13-01T00:00:00")).send();
    assertError(bad, 400, "VALIDATION_INVALID_DATE");
    assertEquals(new JsonArray().add("due_date"), Work.fields(bad));
  }

  @Test
  void everyViewShowsUtcLocalTimeAndWhetherItIsPastDue() {
    String future = due(Work.inSeconds(3600)).getString("id");
    JsonObject past = due("2025-05-15T01:00:00");
    assertEquals(true, past.getBoolean("is_past_due"));
    assertEquals("EXPIRED", past.getString("status"));
    JsonObject submitted = Work.submitted(student.token(), future, "https://github.com/murid/tugas");

    JsonArray forStudent = Api.get().call("coursework.courseAssignments").token(student.token()).path("courseId", course).send()
      .json().getJsonArray("data");
    assertEquals("15 Mei 2025 pukul 01.00", forStudent.getJsonObject(0).getString("due_date_local"));
    assertEquals(true, forStudent.getJsonObject(0).getBoolean("is_past_due"));
    assertEquals(false, forStudent.getJsonObject(1).getBoolean("is_past_due"));

    JsonObject listed = Api.get().call("coursework.mySubmissions").token(student.token()).send().json().getJsonArray("data")
      .getJsonObject(0);
    assertEquals(submitted.getString("id"), listed.getString("id"));
    JsonObject summary = listed.getJsonObject("assignment");
    assertEquals(Work.inSeconds(0).length(), summary.getString("due_date").length());
    assertEquals(false, summary.getBoolean("is_past_due"));
    assertEquals(summary.getString("due_date_local"), Api.get().call("coursework.getAssignment").token(admin)
      .path("id", future).send().data().getString("due_date_local"));
    JsonObject page = Api.get().call("coursework.listSubmissions").token(admin).send().data();
    assertEquals(summary, page.getJsonArray("submissions").getJsonObject(0).getJsonObject("assignment"));
  }
}
