package verticles.scheduling;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Promise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** Attendance: marking rules, changes, a class's attendance and a student's history with its permissions. */
class AttendanceTest {
  static String admin;
  static Account teacher, teacher2, student, student2, outsider;
  static String course, otherCourse, room;
  String held, upcoming;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@attendance.test");
    teacher2 = Sched.account("instructor", "teacher2@attendance.test");
    student = Sched.account("student", "student@attendance.test");
    student2 = Sched.account("student", "student2@attendance.test");
    outsider = Sched.account("student", "outsider@attendance.test");
    course = Sched.course(admin, "Drums 101", "Drums", teacher.id()).getString("id");
    otherCourse = Sched.course(admin, "Vocal 101", null, teacher2.id()).getString("id");
  }

  @BeforeEach
  void classes() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;"
      + "TRUNCATE enrollment.enrollments CASCADE");
    room = Sched.room(admin, "Drum Room", 8).getString("id");
    held = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(2, 3, 0), null)).getString("id");
    upcoming = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(3, 3, 0), null)).getString("id");
    Sched.startedAnHourAgo(held);
    Sched.enroll(student.id(), course, held);
    Sched.enroll(student2.id(), course, held);
  }

  private static Response mark(String token, String schedule, String studentId, boolean attended) {
    return Api.get().call("scheduling.markAttendance").token(token).body(new JsonObject()
      .put("class_schedule_id", schedule).put("student_id", studentId).put("attended", attended))
      .header("Accept-Language", "en").send();
  }

  private static Response change(String token, String schedule, String studentId, boolean attended) {
    return Api.get().call("scheduling.updateAttendance").path("scheduleId", schedule).path("studentId", studentId)
      .token(token).body(new JsonObject().put("attended", attended)).header("Accept-Language", "en").send();
  }

  @Test
  void theInstructorMarksAttendanceOnceAndAnEventIsPublished() {
    Promise<JsonObject> event = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus().<JsonObject>consumer("events.attendance.marked",
      m -> event.tryComplete(m.body()));
    TestApp.await(consumer.completion());
    try {
      Response r = mark(teacher.token(), held, student.id(), true);
      assertEquals(201, r.status(), r.toString());
      assertEquals("Attendance marked successfully", r.json().getString("message"));
      assertEquals(held, r.data().getString("class_schedule_id"));
      assertEquals(student.id(), r.data().getString("student_id"));
      assertTrue(r.data().getBoolean("attended"));
      Instant.parse(r.data().getString("created_at"));
      JsonObject e = TestApp.await(event.future());
      assertEquals("attendance.marked", e.getString("event_type"));
      assertEquals(held, e.getJsonObject("data").getString("schedule_id"));
      assertEquals(teacher.id(), e.getJsonObject("metadata").getString("triggered_by"));
    } finally {
      TestApp.await(consumer.unregister());
    }
    assertError(mark(teacher.token(), held, student.id(), false), 409, "ATTENDANCE_ALREADY_MARKED");
    assertEquals(201, mark(admin, held, student2.id(), false).status());
  }

  @Test
  void markingRules() {
    assertError(mark(teacher.token(), upcoming, student.id(), true), 409, "ATTENDANCE_INVALID_TIME");
    assertError(mark(teacher.token(), held, outsider.id(), true), 409, "ATTENDANCE_STUDENT_NOT_ENROLLED");
    Sched.enroll(outsider.id(), otherCourse, null); // enrolled elsewhere does not count
    assertError(mark(teacher.token(), held, outsider.id(), true), 409, "ATTENDANCE_STUDENT_NOT_ENROLLED");
    assertError(mark(teacher2.token(), held, student.id(), true), 403, "AUTH_FORBIDDEN");
    assertError(mark(student.token(), held, student.id(), true), 403, "AUTH_FORBIDDEN");
    assertError(mark(teacher.token(), UUID.randomUUID().toString(), student.id(), true), 404, "ATTENDANCE_SCHEDULE_NOT_FOUND");
    assertError(Api.get().call("scheduling.markAttendance").body(new JsonObject()).send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, Api.get().call("scheduling.markAttendance").token(admin)
      .body(new JsonObject().put("class_schedule_id", held).put("student_id", student.id())).send().status());
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.attendance"));
  }

  @Test
  void aCancelledClassTakesNoAttendance() {
    TestApp.sql("UPDATE scheduling.schedules SET status = 'cancelled' WHERE id = '" + held + "'");
    assertError(mark(admin, held, student.id(), true), 404, "ATTENDANCE_SCHEDULE_NOT_FOUND");
  }

  @Test
  void marksAreChangedWithPut() {
    assertError(change(teacher.token(), held, student.id(), true), 404, "ATTENDANCE_NOT_FOUND");
    mark(teacher.token(), held, student.id(), true);
    Response changed = change(teacher.token(), held, student.id(), false);
    assertEquals(200, changed.status(), changed.toString());
    assertFalse(changed.data().getBoolean("attended"));
    assertEquals("Attendance updated successfully", changed.json().getString("message"));
    assertError(change(teacher2.token(), held, student.id(), true), 403, "AUTH_FORBIDDEN");
    assertError(change(admin, UUID.randomUUID().toString(), student.id(), true), 404, "ATTENDANCE_SCHEDULE_NOT_FOUND");
    assertEquals(200, change(admin, held, student.id(), true).status());
  }

  @Test
  void aClassesAttendanceListsTheRosterAndTheMarks() {
    mark(teacher.token(), held, student.id(), true);
    Response r = Api.get().call("scheduling.scheduleAttendance").path("scheduleId", held).token(teacher.token()).send();
    assertEquals(200, r.status(), r.toString());
    JsonObject data = r.data();
    assertEquals("Drums 101", data.getJsonObject("schedule").getString("course_title"));
    assertEquals(2, data.getInteger("total_enrolled"));
    assertEquals(1, data.getInteger("total_attended"));
    JsonArray attendees = data.getJsonArray("attendees");
    assertEquals(2, attendees.size());
    JsonObject marked = attendees.getJsonObject(0), unmarked = attendees.getJsonObject(1);
    assertEquals(student.id(), marked.getJsonObject("student").getString("id"));
    assertEquals("student@attendance.test", marked.getJsonObject("student").getString("email"));
    assertTrue(marked.getBoolean("attended"));
    Instant.parse(marked.getString("marked_at"));
    assertNull(unmarked.getValue("attended"));
    assertError(Api.get().call("scheduling.scheduleAttendance").path("scheduleId", held).token(teacher2.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.scheduleAttendance").path("scheduleId", held).token(student.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.scheduleAttendance").path("scheduleId", UUID.randomUUID().toString()).token(admin).send(),
      404, "ATTENDANCE_SCHEDULE_NOT_FOUND");
  }

  @Test
  void aStudentsHistoryHasASummaryAndIsPrivate() {
    String another = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(4, 3, 0), null)).getString("id");
    TestApp.sql("UPDATE scheduling.schedules SET start_time = now() - interval '3 days', end_time = now() - interval '3 days' + interval '1 hour' "
      + "WHERE id = '" + another + "'");
    mark(teacher.token(), held, student.id(), true);
    mark(teacher.token(), another, student.id(), false);
    Response own = Api.get().call("scheduling.studentAttendance").path("studentId", student.id()).token(student.token()).send();
    assertEquals(200, own.status(), own.toString());
    JsonObject data = own.data();
    assertEquals(student.id(), data.getJsonObject("student").getString("id"));
    JsonArray records = data.getJsonArray("attendance_records");
    assertEquals(2, records.size());
    assertEquals(held, records.getJsonObject(0).getJsonObject("schedule").getString("id")); // latest first
    assertEquals("Drums 101", records.getJsonObject(0).getJsonObject("schedule").getString("course_title"));
    JsonObject summary = data.getJsonObject("summary");
    assertEquals(2, summary.getInteger("total_classes"));
    assertEquals(1, summary.getInteger("attended"));
    assertEquals(1, summary.getInteger("absent"));
    assertEquals(0.5, summary.getDouble("attendance_rate"));
    assertEquals(2, data.getJsonObject("pagination").getInteger("total"));

    Response page = Api.get().call("scheduling.studentAttendance").path("studentId", student.id()).token(admin)
      .query("limit", "1").query("page", "2").send();
    assertEquals(another, page.data().getJsonArray("attendance_records").getJsonObject(0).getJsonObject("schedule").getString("id"));
    assertEquals(2, page.data().getJsonObject("summary").getInteger("total_classes"));
    Response recent = Api.get().call("scheduling.studentAttendance").path("studentId", student.id()).token(teacher.token())
      .query("start_date", Instant.now().minusSeconds(86400).toString()).send();
    assertEquals(200, recent.status(), recent.toString());
    assertEquals(1, recent.data().getJsonObject("summary").getInteger("total_classes"));
    assertEquals(1.0, recent.data().getJsonObject("summary").getDouble("attendance_rate"));
    assertEquals(0, Api.get().call("scheduling.studentAttendance").path("studentId", student.id()).token(admin)
      .query("course_id", otherCourse).send().data().getJsonArray("attendance_records").size());

    // strangers may not read it; an instructor of the student's course may, even with no marks yet
    assertError(Api.get().call("scheduling.studentAttendance").path("studentId", student.id()).token(student2.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.studentAttendance").path("studentId", student.id()).token(teacher2.token()).send(), 403, "AUTH_FORBIDDEN");
    Response ofStudent2 = Api.get().call("scheduling.studentAttendance").path("studentId", student2.id()).token(teacher.token()).send();
    assertEquals(200, ofStudent2.status(), ofStudent2.toString());
    assertEquals(0.0, ofStudent2.data().getJsonObject("summary").getDouble("attendance_rate"));
    assertError(Api.get().call("scheduling.studentAttendance").path("studentId", UUID.randomUUID().toString()).token(admin).send(),
      404, "AUTH_USER_NOT_FOUND");
  }
}
