package verticles.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.TestApp;
import verticles.Api.Response;
import verticles.scheduling.Sched.Account;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/**
 * Issue 14.1: who teaches a course is an admin-controlled relation (owner + assigned instructors), and every
 * instructor permission on a course's classes, registrations, attendance, students and analytics rests on it.
 * The review's example: an instructor created a class in another instructor's course and from then on read and
 * changed that course's data.
 */
class CourseInstructorsTest {
  String admin;
  Account owner, intruder, student;
  String course, room, held;

  @BeforeEach
  void setUp() {
    Sched.reset();
    admin = verticles.auth.TestUsers.adminToken();
    owner = Sched.account("instructor", "owner@instructors.test");
    intruder = Sched.account("instructor", "intruder@instructors.test");
    student = Sched.account("student", "student@instructors.test");
    course = Sched.course(admin, "Piano Privat", "Piano", owner.id()).getString("id");
    room = Sched.room(admin, "Ruang Piano", 4).getString("id");
    held = Sched.created(admin, Sched.slot(course, owner.id(), room, Sched.at(2, 3, 0), null)).getString("id");
    Sched.startedAnHourAgo(held);
    Sched.enroll(student.id(), course, held);
  }

  private Response schedule(Account who) {
    return Sched.create(who.token(), Sched.slot(course, who.id(), room, Sched.at(5, 4, 0), null));
  }

  private Response mark(Account who) {
    return Api.get().call("scheduling.markAttendance").token(who.token()).body(new JsonObject()
      .put("class_schedule_id", held).put("student_id", student.id()).put("attended", true)).send();
  }

  private Response assign(String token, String instructorId) {
    return Api.get().call("catalog.assignCourseInstructor").token(token).path("id", course)
      .body(new JsonObject().put("instructor_id", instructorId)).send();
  }

  private static JsonArray enrollmentsSeenBy(Account who) {
    return Api.get().call("enrollment.list").token(who.token()).send().data().getJsonArray("enrollments");
  }

  /** Every door the review walked through is shut for an instructor who does not teach the course. */
  @Test
  void anInstructorCannotGrantThemselfAnotherInstructorsCourse() {
    assertError(schedule(intruder), 403, "AUTH_FORBIDDEN");
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE instructor_id = '" + intruder.id() + "'"));
    assertError(Api.get().call("analytics.course").token(intruder.token()).path("id", course).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("analytics.student").token(intruder.token()).path("id", student.id()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.studentAttendance").token(intruder.token()).path("studentId", student.id()).send(),
      403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.scheduleAttendance").token(intruder.token()).path("scheduleId", held).send(),
      403, "AUTH_FORBIDDEN");
    assertError(mark(intruder), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.updateSchedule").token(intruder.token()).path("id", held)
      .body(new JsonObject().put("instructor_id", intruder.id())).send(), 403, "AUTH_FORBIDDEN");
    assertEquals(0, enrollmentsSeenBy(intruder).size());
    Response students = Api.get().call("auth.listStudents").token(intruder.token()).send();
    assertEquals(200, students.status(), students.toString());
    assertEquals(0, students.data().getJsonArray("students", students.data().getJsonArray("users", new JsonArray())).size(),
      students.toString());
    assertError(Api.get().call("catalog.listCourseInstructors").token(intruder.token()).path("id", course).send(),
      403, "AUTH_FORBIDDEN");
    // nor can an instructor move their own class into the other course
    String mine = Sched.course(admin, "Gitar", "Gitar", intruder.id()).getString("id");
    String own = Sched.created(intruder.token(), Sched.slot(mine, intruder.id(), room, Sched.at(6, 4, 0), null)).getString("id");
    assertError(Api.get().call("scheduling.updateSchedule").token(intruder.token()).path("id", own)
      .body(new JsonObject().put("course_id", course)).send(), 403, "AUTH_FORBIDDEN");

    // the owner has all of it
    assertEquals(201, schedule(owner).status());
    assertEquals(200, Api.get().call("analytics.course").token(owner.token()).path("id", course).send().status());
    assertEquals(201, mark(owner).status());
    assertEquals(1, enrollmentsSeenBy(owner).size());
  }

  /** An admin's assignment gives an instructor the course; removing it takes the course away again. */
  @Test
  void anAssignedInstructorTeachesTheCourseUntilRemoved() {
    assertError(assign(intruder.token(), intruder.id()), 403, "AUTH_FORBIDDEN");
    Response assigned = assign(admin, intruder.id());
    assertEquals(201, assigned.status(), assigned.toString());
    assertEquals(intruder.id(), assigned.data().getString("id"));
    assertEquals(200, assign(admin, intruder.id()).status(), "assigning twice changes nothing");
    assertEquals(200, assign(admin, owner.id()).status(), "the owner teaches it already");

    Response staff = Api.get().call("catalog.listCourseInstructors").token(intruder.token()).path("id", course).send();
    assertEquals(200, staff.status(), staff.toString());
    assertEquals(owner.id(), staff.data().getJsonObject("owner").getString("id"));
    assertNull(staff.data().getJsonObject("owner").getString("assigned_at"));
    assertEquals(1, staff.data().getJsonArray("instructors").size());
    assertEquals(intruder.id(), staff.data().getJsonArray("instructors").getJsonObject(0).getString("id"));

    assertEquals(201, schedule(intruder).status());
    assertEquals(200, Api.get().call("analytics.course").token(intruder.token()).path("id", course).send().status());
    assertEquals(200, Api.get().call("analytics.student").token(intruder.token()).path("id", student.id()).send().status());
    assertEquals(201, mark(intruder).status());
    assertEquals(1, enrollmentsSeenBy(intruder).size());

    Response removed = Api.get().call("catalog.unassignCourseInstructor").token(admin).path("id", course)
      .path("instructorId", intruder.id()).send();
    assertEquals(200, removed.status(), removed.toString());
    assertError(schedule(intruder), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("analytics.course").token(intruder.token()).path("id", course).send(), 403, "AUTH_FORBIDDEN");
    assertEquals(0, enrollmentsSeenBy(intruder).size());
    assertError(Api.get().call("catalog.unassignCourseInstructor").token(admin).path("id", course)
      .path("instructorId", intruder.id()).send(), 404, "COURSE_INSTRUCTOR_NOT_ASSIGNED");
    assertError(Api.get().call("catalog.unassignCourseInstructor").token(admin).path("id", course)
      .path("instructorId", owner.id()).send(), 409, "COURSE_INSTRUCTOR_IS_OWNER");
  }

  /** Review of issue 14: an admin's scheduling that fails (a clash) assigns nobody. */
  @Test
  void aFailedSchedulingAssignsNobody() {
    Sched.created(admin, Sched.slot(course, owner.id(), room, Sched.at(8, 4, 0), null));
    Response r = Sched.create(admin, Sched.slot(course, intruder.id(), room, Sched.at(8, 4, 0), null));
    assertEquals(409, r.status(), r.toString());
    assertEquals(0, TestApp.count("SELECT count(*) FROM catalog.course_instructors"));
    assertError(Api.get().call("analytics.course").token(intruder.token()).path("id", course).send(), 403, "AUTH_FORBIDDEN");
  }

  /**
   * Review of issue 14: an instructor reading a student's attendance history or analytics sees only what belongs to
   * the courses they teach, not the student's records in other instructors' courses.
   */
  @Test
  void anInstructorSeesAStudentOnlyInTheirOwnCourses() {
    String other = Sched.course(admin, "Gitar Kelompok", "Gitar", intruder.id()).getString("id");
    String otherRoom = Sched.room(admin, "Ruang Gitar", 6).getString("id");
    String otherClass = Sched.created(admin, Sched.slot(other, intruder.id(), otherRoom, Sched.at(3, 5, 0), null)).getString("id");
    Sched.startedAnHourAgo(otherClass);
    Sched.enroll(student.id(), other, otherClass);
    assertEquals(201, mark(owner).status());
    assertEquals(201, Api.get().call("scheduling.markAttendance").token(intruder.token()).body(new JsonObject()
      .put("class_schedule_id", otherClass).put("student_id", student.id()).put("attended", false)).send().status());

    JsonArray records = Api.get().call("scheduling.studentAttendance").token(owner.token()).path("studentId", student.id())
      .send().data().getJsonArray("attendance_records");
    assertEquals(1, records.size(), records.toString());
    assertEquals(course, records.getJsonObject(0).getJsonObject("schedule").getString("course_id"));
    JsonObject figures = Api.get().call("analytics.student").token(owner.token()).path("id", student.id()).send().data();
    assertEquals(1, figures.getJsonArray("courses").size(), figures.toString());
    assertEquals(course, figures.getJsonArray("courses").getJsonObject(0).getString("course_id"));
    // the student and admins see both
    assertEquals(2, Api.get().call("scheduling.studentAttendance").token(student.token()).path("studentId", student.id())
      .send().data().getJsonArray("attendance_records").size());
    assertEquals(2, Api.get().call("analytics.student").token(admin).path("id", student.id()).send().data()
      .getJsonArray("courses").size());
  }

  /** Scheduling an instructor is an admin decision that assigns them; bad assignments are refused. */
  @Test
  void anAdminSchedulingSomeoneAssignsThemAndBadAssignmentsAreRefused() {
    assertEquals(201, Sched.create(admin, Sched.slot(course, intruder.id(), room, Sched.at(7, 4, 0), null)).status());
    Response staff = Api.get().call("catalog.listCourseInstructors").token(admin).path("id", course).send();
    assertEquals(1, staff.data().getJsonArray("instructors").size(), staff.toString());
    assertEquals(200, Api.get().call("analytics.course").token(intruder.token()).path("id", course).send().status());

    assertError(assign(admin, student.id()), 400, "COURSE_INVALID_INSTRUCTOR");
    assertError(Api.get().call("catalog.assignCourseInstructor").token(admin).path("id", UUID.randomUUID().toString())
      .body(new JsonObject().put("instructor_id", intruder.id())).send(), 404, "COURSE_NOT_FOUND");
    assertError(Api.get().call("catalog.listCourseInstructors").token(student.token()).path("id", course).send(),
      403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("catalog.listCourseInstructors").path("id", course).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Api.get().call("catalog.unassignCourseInstructor").token(intruder.token()).path("id", course)
      .path("instructorId", intruder.id()).send(), 403, "AUTH_FORBIDDEN");
    assertFalse(staff.data().getJsonArray("instructors").isEmpty());
    assertTrue(staff.data().getJsonArray("instructors").getJsonObject(0).getString("assigned_at") != null);
  }
}
