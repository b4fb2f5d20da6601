package verticles.scheduling;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/** What other verticles ask over the bus, the catalog's use of it, domain events and the reminder job. */
class SchedulingBusTest {
  static String admin;
  static Account teacher, student;
  static String course, room;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@bus.test");
    student = Sched.account("student", "student@bus.test");
    course = Sched.course(admin, "Cello", "Cello", teacher.id()).getString("id");
  }

  @BeforeEach
  void noSchedules() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;"
      + "TRUNCATE enrollment.enrollments CASCADE");
    room = Sched.room(admin, "Cello Room", 4, "Cello").getString("id");
  }

  private static JsonObject ask(String address, JsonObject query) {
    return TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(address, query)).body();
  }

  /**
   * The course detail's upcoming classes are kept by the scheduling verticle (issue 13) and still show every change
   * at once: a class created, moved and cancelled, a seat taken through an approval and freed by a cancellation, a
   * room renamed.
   */
  @Test
  void theKeptUpcomingClassesFollowEveryChange() {
    String a = Sched.created(admin, Sched.slot(course, null, room, Sched.at(3, 2, 0), null)).getString("id");
    assertEquals(1, upcoming().size());
    assertEquals(1, upcoming().size(), "served again (kept)");
    String b = Sched.created(admin, Sched.slot(course, null, room, Sched.at(4, 2, 0), null)).getString("id");
    assertEquals(2, upcoming().size());
    assertEquals(200, Api.get().call("scheduling.updateSchedule").path("id", b).token(admin)
      .body(new JsonObject().put("start_time", Sched.at(2, 2, 0))).send().status());
    assertEquals(b, upcoming().getJsonObject(0).getString("id"), "moved first");

    Response registered = Api.get().call("enrollment.register").body(new JsonObject().put("full_name", "Cache Test")
      .put("email", "cache@example.com").put("wa_number", "081234567890").put("course_id", course).put("consent", true)
      .put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", "cache-" + java.util.UUID.randomUUID())).send();
    assertEquals(201, registered.status(), registered.toString());
    String registration = registered.data().getString("enrollment_id");
    Response approved = Api.get().call("enrollment.approve").path("id", registration).token(admin)
      .body(new JsonObject().put("schedule_id", a)).send();
    assertEquals(200, approved.status(), approved.toString());
    assertEquals(1, upcoming().getJsonObject(1).getInteger("enrolled_students"), "the seat shows at once");
    assertEquals(200, Api.get().call("enrollment.cancel").path("id", registration).token(admin).send().status());
    assertEquals(0, upcoming().getJsonObject(1).getInteger("enrolled_students"), "and its release");

    assertEquals(200, Api.get().call("scheduling.updateRoom").path("id", room).token(admin)
      .body(new JsonObject().put("name", "Ruang Cello")).send().status());
    assertEquals("Ruang Cello", upcoming().getJsonObject(0).getJsonObject("room").getString("name"));
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", b).token(admin).send().status());
    assertEquals(1, upcoming().size());

    // an instructor removed from the academy is no longer shown
    Account gone = Sched.account("instructor", "gone@bus.test");
    Sched.created(admin, Sched.slot(course, gone.id(), room, Sched.at(5, 2, 0), null));
    assertTrue(upcoming().stream().anyMatch(s -> s instanceof JsonObject o && o.getJsonObject("instructor") != null
      && gone.id().equals(o.getJsonObject("instructor").getString("id"))));
    assertEquals(200, Api.get().call("auth.deleteUser").path("id", gone.id()).token(admin).send().status());
    assertTrue(upcoming().stream().noneMatch(s -> s instanceof JsonObject o && o.getJsonObject("instructor") != null
      && gone.id().equals(o.getJsonObject("instructor").getString("id"))), upcoming().encode());
  }

  private JsonArray upcoming() {
    return Api.get().call("catalog.getCourse").path("id", course).send().data().getJsonArray("upcoming_schedules");
  }

  @Test
  void theCatalogShowsUpcomingClassesAndKeepsCoursesInUse() {
    String a = Sched.created(admin, Sched.slot(course, null, room, Sched.at(3, 2, 0), null)).getString("id");
    Sched.created(admin, Sched.slot(course, null, room, Sched.at(4, 2, 0), null));
    Sched.enroll(student.id(), course, a);
    Response detail = Api.get().call("catalog.getCourse").path("id", course).send();
    JsonArray upcoming = detail.data().getJsonArray("upcoming_schedules");
    assertEquals(2, upcoming.size());
    JsonObject first = upcoming.getJsonObject(0);
    assertEquals(a, first.getString("id"));
    assertEquals(1, first.getInteger("enrolled_students"));
    assertEquals(4, first.getInteger("available_slots"));
    assertEquals("Test instructor", first.getJsonObject("instructor").getString("full_name"));
    assertEquals("Cello Room", first.getJsonObject("room").getString("name"));
    Response delete = Api.get().call("catalog.deleteCourse").path("id", course).token(admin).send();
    assertError(delete, 409, "COURSE_IN_USE");
    assertEquals(2, delete.json().getJsonObject("details").getInteger("schedules"));
    assertEquals(1, ask("scheduling.internal.upcomingForCourse", new JsonObject().put("course_id", course).put("limit", 1))
      .getJsonArray("schedules").size());
  }

  @Test
  void internalQueries() {
    String a = Sched.created(admin, Sched.slot(course, null, room, Sched.at(3, 2, 0), null)).getString("id");
    String b = Sched.created(admin, Sched.slot(course, null, room, Sched.at(4, 2, 0), null)).getString("id");
    Api.get().call("scheduling.deleteSchedule").path("id", b).token(admin).send();

    assertEquals(2L, ask("scheduling.internal.courseUsage", new JsonObject().put("course_id", course)).getLong("schedules"));

    JsonArray got = ask("scheduling.internal.getSchedules", new JsonObject().put("ids", new JsonArray().add(a).add(b)
      .add(java.util.UUID.randomUUID().toString()))).getJsonArray("schedules");
    assertEquals(2, got.size());
    assertEquals(a, got.getJsonObject(0).getString("id"));
    assertEquals(course, got.getJsonObject(0).getString("course_id"));
    assertEquals(room, got.getJsonObject(0).getString("room_id"));
    assertEquals("scheduled", got.getJsonObject(0).getString("status"));
    assertEquals("cancelled", got.getJsonObject(1).getString("status"));

    Sched.enroll(student.id(), course, a);
    JsonArray mine = ask("scheduling.internal.studentSchedules", new JsonObject().put("student_id", student.id())).getJsonArray("schedules");
    assertEquals(1, mine.size());
    assertEquals(a, mine.getJsonObject(0).getString("id"));

    JsonObject counts = ask("scheduling.internal.counts", new JsonObject());
    assertEquals(2L, counts.getJsonObject("schedules").getLong("total"));
    assertEquals(1L, counts.getJsonObject("schedules").getLong("upcoming"));
    assertEquals(1L, counts.getJsonObject("schedules").getLong("cancelled"));
    assertEquals(0L, counts.getJsonObject("schedules").getLong("held"));
    assertEquals(1L, counts.getLong("rooms"));
    assertEquals(0L, counts.getJsonObject("attendance").getLong("marked"));

    LocalDate day = LocalDate.now(ZoneId.of("Asia/Jakarta")).plusDays(5);
    JsonObject query = new JsonObject().put("course_id", course).put("from", day.toString()).put("to", day.toString());
    JsonObject internal = ask("scheduling.internal.availability", query);
    Response rest = Api.get().call("scheduling.availability").token(admin).query("course_id", course)
      .query("from", day.toString()).query("to", day.toString()).send();
    assertEquals(rest.data(), internal);
  }

  /** Issue 17: an online class crosses the bus without a room; its link is never in an event. */
  @Test
  void onlineClassesCrossTheBusWithoutARoom() {
    Promise<JsonObject> created = Promise.promise(), deleted = Promise.promise();
    var bus = TestApp.get().vertx().eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
      bus.consumer("events.schedule.created", m -> created.tryComplete(m.body())),
      bus.consumer("events.schedule.deleted", m -> deleted.tryComplete(m.body())));
    consumers.forEach(c -> TestApp.await(c.completion()));
    try {
      String id = Sched.created(admin, new JsonObject().put("course_id", course).put("start_time", Sched.at(3, 2, 0))
        .put("meeting_url", "https://meet.example.com/cello").put("description", "Bowing")).getString("id");
      JsonObject got = ask("scheduling.internal.getSchedules", new JsonObject().put("ids", new JsonArray().add(id))
        .put("names", true)).getJsonArray("schedules").getJsonObject(0);
      assertNull(got.getValue("room_id"));
      assertNull(got.getValue("room_name"));
      assertEquals("https://meet.example.com/cello", got.getString("meeting_url"));
      assertEquals("Bowing", got.getString("description"));
      assertEquals("Test instructor", got.getString("instructor_name"));
      Sched.enroll(student.id(), course, id);
      JsonObject mine = ask("scheduling.internal.studentSchedules", new JsonObject().put("student_id", student.id()))
        .getJsonArray("schedules").getJsonObject(0);
      assertNull(mine.getValue("room"));
      assertEquals("https://meet.example.com/cello", mine.getString("meeting_url"));
      assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", id).token(admin).send().status());
      for (JsonObject event : List.of(TestApp.await(created.future()), TestApp.await(deleted.future()))) {
        assertEquals(id, event.getJsonObject("data").getString("schedule_id"));
        assertTrue(event.getJsonObject("data").containsKey("room_id"));
        assertNull(event.getJsonObject("data").getValue("room_id"));
        assertTrue(!event.encode().contains("meet.example.com"), event.encode());
      }
    } finally {
      consumers.forEach(c -> TestApp.await(c.unregister()));
    }
  }

  @Test
  void changesPublishEvents() {
    List<JsonObject> seen = new ArrayList<>();
    Promise<Void> three = Promise.promise();
    Consumer<JsonObject> collect = e -> {
      seen.add(e);
      if (seen.size() == 3) three.tryComplete();
    };
    var bus = TestApp.get().vertx().eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
      bus.consumer("events.schedule.created", m -> collect.accept(m.body())),
      bus.consumer("events.schedule.updated", m -> collect.accept(m.body())),
      bus.consumer("events.schedule.deleted", m -> collect.accept(m.body())));
    consumers.forEach(c -> TestApp.await(c.completion()));
    try {
      String id = Sched.created(admin, Sched.slot(course, null, room, Sched.at(3, 2, 0), null)).getString("id");
      assertEquals(200, Api.get().call("scheduling.updateSchedule").path("id", id).token(admin)
        .body(new JsonObject().put("start_time", Sched.at(3, 5, 0))).send().status());
      assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", id).token(admin).send().status());
      TestApp.await(three.future());
      assertEquals(List.of("schedule.created", "schedule.updated", "schedule.deleted"),
        seen.stream().map(e -> e.getString("event_type")).toList());
      for (JsonObject e : seen) {
        assertEquals(id, e.getJsonObject("data").getString("schedule_id"));
        assertEquals("scheduling", e.getJsonObject("metadata").getString("source_service"));
      }
      assertEquals(Instant.parse(Sched.at(3, 2, 0)),
        Instant.parse(seen.get(1).getJsonObject("data").getJsonObject("previous").getString("start_time")));
    } finally {
      consumers.forEach(c -> TestApp.await(c.unregister()));
    }
  }

  @Test
  void aClassStartingWithinTheLeadTimeIsRemindedOnce() {
    String start = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    String soon = Sched.created(admin, Sched.slot(course, null, room, start, null)).getString("id");
    Sched.created(admin, Sched.slot(course, null, room, Sched.at(3, 2, 0), null)); // too far ahead
    Sched.enroll(student.id(), course, soon);
    Promise<JsonObject> reminder = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus().<JsonObject>consumer("events.schedule.reminder",
      m -> {
        if (soon.equals(m.body().getJsonObject("data").getString("schedule_id"))) reminder.tryComplete(m.body());
      });
    TestApp.await(consumer.completion());
    try {
      // this run, or the periodic one if it came first, reminds the class
      ask("scheduling.internal.sendReminders", new JsonObject());
      JsonObject event = TestApp.await(reminder.future());
      assertEquals("schedule.reminder", event.getString("event_type"));
      assertEquals(new JsonArray().add(student.id()), event.getJsonObject("data").getJsonArray("student_ids"));
      assertEquals(60, event.getJsonObject("data").getInteger("lead_minutes"));
      assertEquals(0, ask("scheduling.internal.sendReminders", new JsonObject()).getInteger("reminded"));
      assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE reminded_at IS NOT NULL"));
    } finally {
      TestApp.await(consumer.unregister());
    }
  }

  @Test
  void onlyOneNodeAtATimeRunsTheReminderJob() {
    Lock lock = TestApp.await(TestApp.get().vertx().sharedData().getLock(SchedulingVerticle.REMINDER_LOCK));
    try {
      JsonObject skipped = ask("scheduling.internal.sendReminders", new JsonObject());
      assertTrue(skipped.getBoolean("skipped", false), skipped.encode());
    } finally {
      lock.release();
    }
    JsonObject ran = ask("scheduling.internal.sendReminders", new JsonObject());
    assertTrue(!ran.getBoolean("skipped", false), ran.encode());
  }
}
