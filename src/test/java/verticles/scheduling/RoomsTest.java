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

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** Rooms: list, detail with upcoming classes, create, update, delete — success and every refusal. */
class RoomsTest {
  static String admin;
  static Account instructor, student;

  @BeforeAll
  static void accounts() {
    Sched.reset();
    admin = TestUsers.adminToken();
    instructor = Sched.account("instructor", "teacher@rooms.test");
    student = Sched.account("student", "student@rooms.test");
  }

  @BeforeEach
  void noRooms() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE");
  }

  @Test
  void adminCreatesReadsUpdatesAndDeletesARoom() {
    Response created = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", " Room A ")
      .put("capacity", 10).put("description", "Large room with piano and drum set")
      .put("instruments", new JsonArray().add("Piano").add("Drums").add("piano"))).header("Accept-Language", "en").send();
    assertEquals(201, created.status(), created.toString());
    assertEquals("Room created successfully", created.json().getString("message"));
    JsonObject room = created.data();
    assertEquals("Room A", room.getString("name"));
    assertEquals(10, room.getInteger("capacity"));
    assertEquals(new JsonArray().add("Piano").add("Drums"), room.getJsonArray("instruments"));
    String id = room.getString("id");

    Response read = Api.get().call("scheduling.getRoom").path("id", id).token(student.token()).send();
    assertEquals(200, read.status(), read.toString());
    assertEquals("Large room with piano and drum set", read.data().getString("description"));
    assertEquals(0, read.data().getJsonArray("upcoming_schedules").size());

    Response updated = Api.get().call("scheduling.updateRoom").path("id", id).token(admin)
      .body(new JsonObject().put("capacity", 12)).send();
    assertEquals(200, updated.status(), updated.toString());
    assertEquals(12, updated.data().getInteger("capacity"));
    assertEquals("Room A", updated.data().getString("name"));

    Response deleted = Api.get().call("scheduling.deleteRoom").path("id", id).token(admin).send();
    assertEquals(200, deleted.status(), deleted.toString());
    assertError(Api.get().call("scheduling.getRoom").path("id", id).token(admin).send(), 404, "ROOM_NOT_FOUND");
    // the name is free again once the room is deleted
    Sched.room(admin, "room a", 4);
  }

  @Test
  void roomsArePaginatedByName() {
    for (String name : new String[]{"Studio C", "Room B", "Room A"}) Sched.room(admin, name, 5);
    Response page = Api.get().call("scheduling.listRooms").token(instructor.token()).query("limit", "2").send();
    assertEquals(200, page.status(), page.toString());
    JsonArray rooms = page.data().getJsonArray("rooms");
    assertEquals(2, rooms.size());
    assertEquals("Room A", rooms.getJsonObject(0).getString("name"));
    assertEquals(3, page.data().getJsonObject("pagination").getInteger("total"));
    assertEquals(2, page.data().getJsonObject("pagination").getInteger("total_pages"));
    Response second = Api.get().call("scheduling.listRooms").token(student.token()).query("limit", "2").query("page", "2").send();
    assertEquals("Studio C", second.data().getJsonArray("rooms").getJsonObject(0).getString("name"));
  }

  @Test
  void namesAreUniqueCaseInsensitively() {
    JsonObject a = Sched.room(admin, "Room A", 5);
    JsonObject b = Sched.room(admin, "Room B", 5);
    assertError(Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", "ROOM A").put("capacity", 3)).send(),
      409, "ROOM_NAME_TAKEN");
    assertError(Api.get().call("scheduling.updateRoom").path("id", b.getString("id")).token(admin)
      .body(new JsonObject().put("name", "room a")).send(), 409, "ROOM_NAME_TAKEN");
    assertEquals("Room A", Api.get().call("scheduling.getRoom").path("id", a.getString("id")).token(admin).send().data().getString("name"));
  }

  @Test
  void refusals() {
    JsonObject body = new JsonObject().put("name", "Room X").put("capacity", 5);
    assertError(Api.get().call("scheduling.createRoom").body(body).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Api.get().call("scheduling.createRoom").token(instructor.token()).body(body).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.listRooms").send(), 401, "AUTH_UNAUTHORIZED");
    Response zero = Api.get().call("scheduling.createRoom").token(admin).body(body.copy().put("capacity", 0)).send();
    assertEquals(400, zero.status(), zero.toString());
    Response unknown = Api.get().call("scheduling.createRoom").token(admin).body(body.copy().put("owner", "me")).send();
    assertEquals(400, unknown.status(), unknown.toString());
    Response empty = Api.get().call("scheduling.updateRoom").path("id", UUID.randomUUID().toString()).token(admin)
      .body(new JsonObject()).send();
    assertEquals(400, empty.status(), empty.toString());
    String missing = UUID.randomUUID().toString();
    assertError(Api.get().call("scheduling.getRoom").path("id", missing).token(admin).send(), 404, "ROOM_NOT_FOUND");
    assertError(Api.get().call("scheduling.updateRoom").path("id", missing).token(admin)
      .body(new JsonObject().put("capacity", 3)).send(), 404, "ROOM_NOT_FOUND");
    assertError(Api.get().call("scheduling.deleteRoom").path("id", missing).token(admin).send(), 404, "ROOM_NOT_FOUND");
    assertError(Api.get().call("scheduling.deleteRoom").path("id", missing).token(student.token()).send(), 403, "AUTH_FORBIDDEN");
  }

  @Test
  void aRoomWithUpcomingClassesShowsThemAndCannotBeDeleted() {
    JsonObject room = Sched.room(admin, "Piano Room", 6, "Piano");
    JsonObject course = Sched.course(admin, "Piano Basics", "Piano", instructor.id());
    JsonObject schedule = Sched.created(admin, Sched.slot(course.getString("id"), null, room.getString("id"), Sched.at(3, 3, 0), null));
    Response read = Api.get().call("scheduling.getRoom").path("id", room.getString("id")).token(admin).send();
    JsonArray upcoming = read.data().getJsonArray("upcoming_schedules");
    assertEquals(1, upcoming.size());
    assertEquals(schedule.getString("id"), upcoming.getJsonObject(0).getString("id"));
    assertEquals("Piano Basics", upcoming.getJsonObject(0).getString("course_title"));
    assertEquals("Test instructor", upcoming.getJsonObject(0).getString("instructor_name"));

    Response refused = Api.get().call("scheduling.deleteRoom").path("id", room.getString("id")).token(admin).send();
    assertError(refused, 409, "ROOM_IN_USE");
    assertEquals(1, refused.json().getJsonObject("details").getInteger("upcoming_schedules"));

    // once the class is cancelled the room can go
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", schedule.getString("id")).token(admin).send().status());
    assertEquals(200, Api.get().call("scheduling.deleteRoom").path("id", room.getString("id")).token(admin).send().status());
    assertTrue(TestApp.count("SELECT count(*) FROM scheduling.rooms WHERE deleted_at IS NOT NULL") == 1);
  }
}
