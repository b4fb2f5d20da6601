package verticles.scheduling;

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
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** No double-booking: overlap cases for rooms and instructors, moves into a clash, and concurrent creations. */
class ConflictsTest {
  static String admin;
  static Account teacher, teacher2;
  static String course, room, room2;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@conflicts.test");
    teacher2 = Sched.account("instructor", "teacher2@conflicts.test");
    course = Sched.course(admin, "Guitar", "Guitar", null).getString("id");
  }

  @BeforeEach
  void noSchedules() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE");
    room = Sched.room(admin, "Room A", 10).getString("id");
    room2 = Sched.room(admin, "Room B", 10).getString("id");
  }

  /** 10:00–11:00 (UTC+0 here) on day 4 in room A with teacher 1. */
  private static JsonObject existing() {
    return Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(4, 10, 0), Sched.at(4, 11, 0)));
  }

  private static Response attempt(String instructor, String inRoom, int h1, int m1, int h2, int m2) {
    return Sched.create(admin, Sched.slot(course, instructor, inRoom, Sched.at(4, h1, m1), Sched.at(4, h2, m2)));
  }

  @Test
  void theSameRoomCannotHoldOverlappingClasses() {
    JsonObject first = existing();
    Response clash = attempt(teacher2.id(), room, 10, 0, 11, 0);
    assertError(clash, 409, "SCHEDULE_CONFLICT");
    JsonArray conflicts = clash.json().getJsonObject("details").getJsonArray("conflicts");
    assertEquals(1, conflicts.size());
    JsonObject c = conflicts.getJsonObject(0);
    assertEquals("room", c.getString("resource"));
    assertEquals(room, c.getString("room_id"));
    assertEquals(first.getString("id"), c.getString("schedule_id"));
    assertEquals(first.getString("start_time"), c.getString("start_time"));
    assertEquals(first.getString("end_time"), c.getString("end_time"));
    assertTrue(clash.json().getString("error").contains(first.getString("id")), clash.toString());
  }

  @Test
  void theSameInstructorCannotTeachOverlappingClasses() {
    JsonObject first = existing();
    Response clash = attempt(teacher.id(), room2, 10, 30, 11, 30);
    assertError(clash, 409, "SCHEDULE_CONFLICT");
    JsonObject c = clash.json().getJsonObject("details").getJsonArray("conflicts").getJsonObject(0);
    assertEquals("instructor", c.getString("resource"));
    assertEquals(teacher.id(), c.getString("instructor_id"));
    assertEquals(first.getString("id"), c.getString("schedule_id"));
  }

  @Test
  void partialOverlapContainmentAndBothResourcesClash() {
    existing();
    assertError(attempt(teacher2.id(), room, 9, 30, 10, 30), 409, "SCHEDULE_CONFLICT");   // overlaps the start
    assertError(attempt(teacher2.id(), room, 10, 45, 11, 15), 409, "SCHEDULE_CONFLICT");  // overlaps the end
    assertError(attempt(teacher2.id(), room, 10, 15, 10, 45), 409, "SCHEDULE_CONFLICT");  // contained
    assertError(attempt(teacher2.id(), room, 9, 0, 12, 0), 409, "SCHEDULE_CONFLICT");     // contains
    Response both = attempt(teacher.id(), room, 10, 0, 11, 0);
    assertError(both, 409, "SCHEDULE_CONFLICT");
    JsonArray conflicts = both.json().getJsonObject("details").getJsonArray("conflicts");
    assertEquals(2, conflicts.size());
    assertEquals("room", conflicts.getJsonObject(0).getString("resource"));
    assertEquals("instructor", conflicts.getJsonObject(1).getString("resource"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
  }

  @Test
  void backToBackClassesAndOtherResourcesAreAllowed() {
    existing();
    assertEquals(201, attempt(teacher.id(), room, 11, 0, 12, 0).status());   // touching the end
    assertEquals(201, attempt(teacher.id(), room, 9, 0, 10, 0).status());    // touching the start
    assertEquals(201, attempt(teacher2.id(), room2, 10, 0, 11, 0).status()); // same time, other room and teacher
    assertEquals(4, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
  }

  @Test
  void aCancelledClassFreesItsSlot() {
    JsonObject first = existing();
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", first.getString("id")).token(admin).send().status());
    assertEquals(201, attempt(teacher.id(), room, 10, 0, 11, 0).status());
  }

  @Test
  void movingIntoABookedSlotIsRefusedButMovingWithinItsOwnSlotIsNot() {
    existing();
    JsonObject later = Sched.created(admin, Sched.slot(course, teacher2.id(), room, Sched.at(4, 12, 0), Sched.at(4, 13, 0)));
    Response move = Api.get().call("scheduling.updateSchedule").path("id", later.getString("id")).token(admin)
      .body(new JsonObject().put("start_time", Sched.at(4, 10, 30))).send();
    assertError(move, 409, "SCHEDULE_CONFLICT");
    assertEquals("room", move.json().getJsonObject("details").getJsonArray("conflicts").getJsonObject(0).getString("resource"));
    Response shift = Api.get().call("scheduling.updateSchedule").path("id", later.getString("id")).token(admin)
      .body(new JsonObject().put("start_time", Sched.at(4, 12, 30))).send();
    assertEquals(200, shift.status(), shift.toString());
    Response swapTeacher = Api.get().call("scheduling.updateSchedule").path("id", later.getString("id")).token(admin)
      .body(new JsonObject().put("instructor_id", teacher.id()).put("room_id", room2)).send();
    assertEquals(200, swapTeacher.status(), swapTeacher.toString());
  }

  /** 50 clients book the same room slot at once: the database lets exactly one through. */
  @Test
  void fiftyConcurrentCreationsOfTheSameRoomSlotHaveExactlyOneWinner() {
    List<Account> teachers = new ArrayList<>();
    for (int i = 0; i < 50; i++) teachers.add(Sched.account("instructor", "racer" + i + "@conflicts.test"));
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (Account t : teachers) {
      Api.Call call = Api.get().call("scheduling.createSchedule").token(admin)
        .body(Sched.slot(course, t.id(), room, Sched.at(9, 10, 0), Sched.at(9, 11, 0)));
      calls.add(call);
    }
    for (Api.Call call : calls) sent.add(call.sendAsync());
    TestApp.await(Future.join(sent));
    int created = 0, conflicts = 0;
    for (int i = 0; i < sent.size(); i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      if (r.status() == 201) {
        created++;
      } else {
        assertError(r, 409, "SCHEDULE_CONFLICT");
        JsonObject c = r.json().getJsonObject("details").getJsonArray("conflicts").getJsonObject(0);
        assertEquals("room", c.getString("resource"));
        conflicts++;
      }
    }
    assertEquals(1, created);
    assertEquals(49, conflicts);
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE room_id = '" + room + "' AND status = 'scheduled'"));
  }

  @Test
  void theDatabaseRefusesOverlapsEvenBehindTheApplicationsBack() {
    JsonObject first = existing();
    try {
      TestApp.sql("INSERT INTO scheduling.schedules (course_id, instructor_id, room_id, start_time, end_time) "
        + "SELECT course_id, '" + teacher2.id() + "', room_id, start_time + interval '30 minutes', end_time FROM scheduling.schedules "
        + "WHERE id = '" + first.getString("id") + "'");
      throw new AssertionError("the overlapping insert was accepted");
    } catch (IllegalStateException e) {
      assertTrue(e.getCause().getMessage().contains("schedules_room_no_overlap"), e.getCause().getMessage());
    }
  }
}
