package verticles.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** Single classes: create, read (with attendees), list with filters, update, cancel — success and refusals. */
class SchedulesTest {
  static String admin;
  static Account teacher, otherTeacher, student, otherStudent;
  static String course, inactiveCourse, room, room2;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@schedules.test");
    otherTeacher = Sched.account("instructor", "other@schedules.test");
    student = Sched.account("student", "student@schedules.test");
    otherStudent = Sched.account("student", "student2@schedules.test");
    course = Sched.course(admin, "Piano Basics for Beginners", "Piano", teacher.id()).getString("id");
    inactiveCourse = Sched.course(admin, "Old Course", null, teacher.id()).getString("id");
    Response archived = Api.get().call("catalog.updateCourse").path("id", inactiveCourse).token(admin)
      .body(new JsonObject().put("is_active", false).put("updated_at",
        Api.get().call("catalog.getCourse").path("id", inactiveCourse).token(admin).send().data().getString("updated_at"))).send();
    assertEquals(200, archived.status(), archived.toString());
  }

  @BeforeEach
  void noSchedules() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;"
      + "TRUNCATE enrollment.enrollments CASCADE");
    room = Sched.room(admin, "Room A", 10, "Piano").getString("id");
    room2 = Sched.room(admin, "Room B", 8).getString("id");
  }

  @Test
  void adminCreatesAClassWithTheSeedShape() {
    String start = Sched.at(5, 3, 0), end = Sched.at(5, 4, 0);
    Response r = Sched.create(admin, Sched.slot(course, teacher.id(), room, start, end));
    assertEquals(201, r.status(), r.toString());
    assertEquals("Schedule created successfully", r.json().getString("message"));
    JsonObject s = r.data();
    UUID.fromString(s.getString("id"));
    assertEquals(course, s.getString("course_id"));
    assertEquals(teacher.id(), s.getString("instructor_id"));
    assertEquals(room, s.getString("room_id"));
    assertEquals(Instant.parse(start), Instant.parse(s.getString("start_time")));
    assertEquals(Instant.parse(end), Instant.parse(s.getString("end_time")));
    assertTrue(s.getString("start_time").endsWith("Z"));
    assertEquals("scheduled", s.getString("status"));
    assertNull(s.getString("series_id"));
    assertEquals("Piano Basics for Beginners", s.getJsonObject("course").getString("title"));
    assertEquals("beginner", s.getJsonObject("course").getString("level"));
    assertEquals("Test instructor", s.getJsonObject("instructor").getString("full_name"));
    assertEquals("Room A", s.getJsonObject("room").getString("name"));
    assertEquals(10, s.getJsonObject("room").getInteger("capacity"));
    assertEquals(0, s.getInteger("enrolled_count"));
    assertEquals(5, s.getInteger("max_students"));
    Instant.parse(s.getString("created_at"));
  }

  @Test
  void defaultsComeFromTheCourseAndTheCallingInstructor() {
    JsonObject byAdmin = Sched.created(admin, Sched.slot(course, null, room, Sched.at(5, 3, 0), null));
    assertEquals(teacher.id(), byAdmin.getString("instructor_id"));
    assertEquals(Duration.ofMinutes(60), Duration.between(Instant.parse(byAdmin.getString("start_time")),
      Instant.parse(byAdmin.getString("end_time"))));
    JsonObject byTeacher = Sched.created(otherTeacher.token(), Sched.slot(course, null, room, Sched.at(6, 3, 0), null));
    assertEquals(otherTeacher.id(), byTeacher.getString("instructor_id"));
  }

  @Test
  void anInstructorSchedulesOnlyThemself() {
    assertError(Sched.create(teacher.token(), Sched.slot(course, otherTeacher.id(), room, Sched.at(5, 3, 0), null)), 403, "AUTH_FORBIDDEN");
    JsonObject own = Sched.created(teacher.token(), Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null));
    assertError(Api.get().call("scheduling.updateSchedule").path("id", own.getString("id")).token(otherTeacher.token())
      .body(new JsonObject().put("room_id", room2)).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.updateSchedule").path("id", own.getString("id")).token(teacher.token())
      .body(new JsonObject().put("instructor_id", otherTeacher.id())).send(), 403, "AUTH_FORBIDDEN");
    assertError(Sched.create(student.token(), Sched.slot(course, teacher.id(), room, Sched.at(5, 5, 0), null)), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", own.getString("id")).token(otherTeacher.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", own.getString("id")).token(student.token()).send(), 403, "AUTH_FORBIDDEN");
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE status = 'scheduled'"));
  }

  /** Issue 17: the course's instructors cancel the classes they teach; admins any. */
  @Test
  void anInstructorCancelsTheClassesTheyTeach() {
    JsonObject own = Sched.created(teacher.token(), Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null));
    Response cancelled = Api.get().call("scheduling.deleteSchedule").path("id", own.getString("id")).token(teacher.token()).send();
    assertEquals(200, cancelled.status(), cancelled.toString());
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE status = 'cancelled'"));
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", own.getString("id")).token(teacher.token()).send(), 404, "SCHEDULE_NOT_FOUND");
  }

  @Test
  void invalidTimesAreRefused() {
    Response backwards = Sched.create(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 4, 0), Sched.at(5, 3, 0)));
    assertError(backwards, 400, "SCHEDULE_INVALID_TIME");
    Response empty = Sched.create(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 4, 0), Sched.at(5, 4, 0)));
    assertError(empty, 400, "SCHEDULE_INVALID_TIME");
    Response tooLong = Sched.create(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 1, 0), Sched.at(5, 10, 0)));
    assertError(tooLong, 400, "SCHEDULE_INVALID_TIME");
    assertEquals(480, tooLong.json().getJsonObject("details").getInteger("max_duration_minutes"));
    Response past = Sched.create(admin, Sched.slot(course, teacher.id(), room, Sched.at(-1, 3, 0), Sched.at(-1, 4, 0)));
    assertError(past, 400, "SCHEDULE_PAST_TIME");
    Response notADate = Sched.create(admin, Sched.slot(course, teacher.id(), room, "tomorrow", null));
    assertEquals(400, notADate.status(), notADate.toString());
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
  }

  @Test
  void courseInstructorAndRoomMustBeValid() {
    assertError(Sched.create(admin, Sched.slot(inactiveCourse, teacher.id(), room, Sched.at(5, 3, 0), null)), 409, "SCHEDULE_COURSE_INACTIVE");
    assertError(Sched.create(admin, Sched.slot(UUID.randomUUID().toString(), teacher.id(), room, Sched.at(5, 3, 0), null)), 404, "COURSE_NOT_FOUND");
    assertError(Sched.create(admin, Sched.slot(course, student.id(), room, Sched.at(5, 3, 0), null)), 400, "SCHEDULE_INVALID_INSTRUCTOR");
    assertError(Sched.create(admin, Sched.slot(course, UUID.randomUUID().toString(), room, Sched.at(5, 3, 0), null)), 400, "SCHEDULE_INVALID_INSTRUCTOR");
    assertError(Sched.create(admin, Sched.slot(course, teacher.id(), UUID.randomUUID().toString(), Sched.at(5, 3, 0), null)), 404, "ROOM_NOT_FOUND");
    TestApp.sql("UPDATE auth.users SET status = 'suspended' WHERE id = '" + otherTeacher.id() + "'");
    try {
      assertError(Sched.create(admin, Sched.slot(course, otherTeacher.id(), room, Sched.at(5, 3, 0), null)), 400, "SCHEDULE_INVALID_INSTRUCTOR");
    } finally {
      TestApp.sql("UPDATE auth.users SET status = 'active' WHERE id = '" + otherTeacher.id() + "'");
    }
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
  }

  @Test
  void contractRefusals() {
    JsonObject body = Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null);
    assertError(Api.get().call("scheduling.createSchedule").body(body).send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, Sched.create(admin, body.copy().put("capacity", 3)).status());
    assertEquals(400, Sched.create(admin, body.copy().put("room_id", "room-a")).status());
    assertEquals(400, Sched.create(admin, new JsonObject().put("course_id", course)).status());
    assertError(Api.get().call("scheduling.listSchedules").send(), 401, "AUTH_UNAUTHORIZED");
    String missing = UUID.randomUUID().toString();
    assertError(Api.get().call("scheduling.getSchedule").path("id", missing).token(admin).send(), 404, "SCHEDULE_NOT_FOUND");
    assertError(Api.get().call("scheduling.updateSchedule").path("id", missing).token(admin)
      .body(new JsonObject().put("room_id", room)).send(), 404, "SCHEDULE_NOT_FOUND");
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", missing).token(admin).send(), 404, "SCHEDULE_NOT_FOUND");
    assertEquals(400, Api.get().call("scheduling.updateSchedule").path("id", missing).token(admin).body(new JsonObject()).send().status());
  }

  @Test
  void listFiltersAndPaginates() {
    String a = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null)).getString("id");
    String b = Sched.created(admin, Sched.slot(course, otherTeacher.id(), room2, Sched.at(5, 3, 0), null)).getString("id");
    String c = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(7, 3, 0), null)).getString("id");
    // a and b start together: the list orders them by id
    String first = a.compareTo(b) < 0 ? a : b, second = first.equals(a) ? b : a;
    Response all = Api.get().call("scheduling.listSchedules").token(student.token()).send();
    assertEquals(200, all.status(), all.toString());
    assertEquals(3, all.data().getJsonObject("pagination").getInteger("total"));
    assertEquals(c, all.data().getJsonArray("schedules").getJsonObject(2).getString("id"));

    assertEquals(ids(a, c), ids(list("instructor_id", teacher.id())));
    assertEquals(ids(b), ids(list("room_id", room2)));
    assertEquals(ids(first, second, c), ids(list("course_id", course)));
    assertEquals(ids(c), ids(list("start_date", Sched.at(6, 0, 0))));
    assertEquals(ids(first, second), ids(list("end_date", Sched.at(6, 0, 0))));
    // a plain date is a whole day in the academy's zone (UTC+7): 03:00Z is 10:00 in Jakarta
    String day = Instant.parse(Sched.at(7, 3, 0)).toString().substring(0, 10);
    assertEquals(ids(c), ids(list("start_date", day)));
    assertEquals(ids(first, second, c), ids(list("end_date", day)));

    Response page = Api.get().call("scheduling.listSchedules").token(admin).query("limit", "2").query("page", "2").send();
    assertEquals(1, page.data().getJsonArray("schedules").size());
    assertEquals(2, page.data().getJsonObject("pagination").getInteger("total_pages"));

    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", a).token(admin).send().status());
    assertEquals(ids(b, c), ids(list("course_id", course)));
    Response withCancelled = Api.get().call("scheduling.listSchedules").token(admin).query("include_cancelled", "true").send();
    assertEquals(3, withCancelled.data().getJsonArray("schedules").size());
    assertEquals("cancelled", withCancelled.data().getJsonArray("schedules").stream().map(JsonObject.class::cast)
      .filter(s -> s.getString("id").equals(a)).findFirst().orElseThrow().getString("status"));
    assertEquals(400, Api.get().call("scheduling.listSchedules").token(admin).query("start_date", "soon").send().status());
  }

  private static JsonArray list(String filter, String value) {
    Response r = Api.get().call("scheduling.listSchedules").token(admin).query(filter, value).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("schedules");
  }

  private static JsonArray ids(JsonArray schedules) {
    JsonArray out = new JsonArray();
    schedules.forEach(s -> out.add(((JsonObject) s).getString("id")));
    return out;
  }

  private static JsonArray ids(String... ids) {
    return new JsonArray(java.util.List.of((Object[]) ids));
  }

  @Test
  void detailShowsAttendeesToAdminsAndTheInstructorOnly() {
    // other tests had the admin schedule otherTeacher in this course, which assigned them to it
    TestApp.sql("DELETE FROM catalog.course_instructors WHERE instructor_id = '" + otherTeacher.id() + "'");
    JsonObject s = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null));
    String id = s.getString("id");
    Sched.enroll(student.id(), course, id);
    Sched.enroll(otherStudent.id(), course, id);
    Response forAdmin = Api.get().call("scheduling.getSchedule").path("id", id).token(admin).send();
    assertEquals(200, forAdmin.status(), forAdmin.toString());
    assertEquals(2, forAdmin.data().getInteger("enrolled_count"));
    JsonArray attendees = forAdmin.data().getJsonArray("attendees");
    assertEquals(2, attendees.size());
    JsonObject first = attendees.getJsonObject(0);
    assertEquals("student@schedules.test", first.getJsonObject("student").getString("email"));
    assertNull(first.getValue("attended"));
    assertEquals(2, Api.get().call("scheduling.getSchedule").path("id", id).token(teacher.token()).send()
      .data().getJsonArray("attendees").size());
    JsonArray own = Api.get().call("scheduling.getSchedule").path("id", id).token(student.token()).send().data().getJsonArray("attendees");
    assertEquals(1, own.size());
    assertEquals(student.id(), own.getJsonObject(0).getJsonObject("student").getString("id"));
    assertEquals(0, Api.get().call("scheduling.getSchedule").path("id", id).token(otherTeacher.token()).send()
      .data().getJsonArray("attendees").size());
  }

  @Test
  void updateMovesAndChangesAClass() {
    JsonObject s = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), Sched.at(5, 4, 30)));
    String id = s.getString("id");
    Response moved = Api.get().call("scheduling.updateSchedule").path("id", id).token(teacher.token())
      .body(new JsonObject().put("start_time", Sched.at(6, 5, 0))).header("Accept-Language", "en").send();
    assertEquals(200, moved.status(), moved.toString());
    assertEquals("Schedule updated successfully", moved.json().getString("message"));
    assertEquals(Instant.parse(Sched.at(6, 5, 0)), Instant.parse(moved.data().getString("start_time")));
    assertEquals(Instant.parse(Sched.at(6, 6, 30)), Instant.parse(moved.data().getString("end_time")));
    Response changed = Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
      .body(new JsonObject().put("room_id", room2).put("instructor_id", otherTeacher.id()).put("end_time", Sched.at(6, 6, 0))).send();
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(room2, changed.data().getString("room_id"));
    assertEquals("Room B", changed.data().getJsonObject("room").getString("name"));
    assertEquals(otherTeacher.id(), changed.data().getString("instructor_id"));
    assertError(Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
      .body(new JsonObject().put("start_time", Sched.at(-2, 5, 0))).send(), 400, "SCHEDULE_PAST_TIME");
    assertError(Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
      .body(new JsonObject().put("end_time", Sched.at(6, 4, 0))).send(), 400, "SCHEDULE_INVALID_TIME");
    assertError(Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
      .body(new JsonObject().put("course_id", inactiveCourse)).send(), 409, "SCHEDULE_COURSE_INACTIVE");
    assertError(Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
      .body(new JsonObject().put("instructor_id", student.id())).send(), 400, "SCHEDULE_INVALID_INSTRUCTOR");
  }

  @Test
  void deleteCancelsUnlessAttendanceWasTaken() {
    String id = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null)).getString("id");
    Response deleted = Api.get().call("scheduling.deleteSchedule").path("id", id).token(admin).header("Accept-Language", "en").send();
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals("Schedule deleted successfully", deleted.json().getString("message"));
    Response read = Api.get().call("scheduling.getSchedule").path("id", id).token(admin).send();
    assertEquals("cancelled", read.data().getString("status"));
    Instant.parse(read.data().getString("cancelled_at"));
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", id).token(admin).send(), 404, "SCHEDULE_NOT_FOUND");
    assertError(Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
      .body(new JsonObject().put("room_id", room2)).send(), 404, "SCHEDULE_NOT_FOUND");

    String held = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 6, 0), null)).getString("id");
    Sched.enroll(student.id(), course, held);
    Sched.startedAnHourAgo(held);
    Response marked = Api.get().call("scheduling.markAttendance").token(teacher.token()).body(new JsonObject()
      .put("class_schedule_id", held).put("student_id", student.id()).put("attended", true)).send();
    assertEquals(201, marked.status(), marked.toString());
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", held).token(admin).send(), 409, "SCHEDULE_CANNOT_DELETE");
    assertEquals("scheduled", Api.get().call("scheduling.getSchedule").path("id", held).token(admin).send().data().getString("status"));
  }
}
