package verticles.recommendation;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/schedules/{id}/rating} (issue 19, V28): only a student marked present rates a class, once; the
 * instructor's analytics rating is the mean over their classes. Classes are moved into the past with SQL (the API
 * creates no past classes; attendance needs a started class), everything else goes through the API.
 */
class RatingTest {
  private final Api api = Api.get();
  private String admin, ina, inaToken, budi, present, presentToken, absent, absentToken, stranger, strangerToken;
  private String course, first, second, room;

  @BeforeEach
  void academy() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    admin = TestUsers.adminToken();
    ina = RecAcademy.user("instructor", "ina@rating.test", "Ina Piano");
    budi = RecAcademy.user("instructor", "budi@rating.test", "Budi Gitar");
    inaToken = RecAcademy.login("ina@rating.test");
    present = RecAcademy.user("student", "present@rating.test", "Hadir");
    absent = RecAcademy.user("student", "absent@rating.test", "Absen");
    stranger = RecAcademy.user("student", "stranger@rating.test", "Asing");
    presentToken = RecAcademy.login("present@rating.test");
    absentToken = RecAcademy.login("absent@rating.test");
    strangerToken = RecAcademy.login("stranger@rating.test");
    room = RecAcademy.room(admin, "Studio R", "piano");
    course = RecAcademy.course(admin, "Piano Dasar", "piano", "beginner", 250_000, 5, ina);
    first = RecAcademy.schedule(admin, course, ina, room, Sched.at(3, 2), Sched.at(3, 3));
    second = RecAcademy.schedule(admin, course, ina, room, Sched.at(4, 2), Sched.at(4, 3));
    RecAcademy.enroll(admin, present, course, first);
    RecAcademy.enroll(admin, absent, course, first);
    RecAcademy.startedAnHourAgo(first);
    mark(first, present, true);
    mark(first, absent, false);
  }

  /** Times for the fixture's classes. */
  private static final class Sched {
    static String at(int days, int hour) {
      return java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(days).atTime(hour, 0)
        .toInstant(java.time.ZoneOffset.UTC).toString();
    }
  }

  private void mark(String schedule, String student, boolean attended) {
    Response r = api.call("scheduling.markAttendance").token(admin).body(new JsonObject()
      .put("class_schedule_id", schedule).put("student_id", student).put("attended", attended)).send();
    assertEquals(201, r.status(), r.toString());
  }

  private Response rate(String schedule, String token, JsonObject body) {
    return api.call("scheduling.rateSchedule").path("id", schedule).token(token).body(body).send();
  }

  private static JsonObject score(int score) {
    return new JsonObject().put("score", score);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

  private static void assertField(Response r, String field) {
    assertEquals(400, r.status(), r.toString());
    assertTrue(r.json().getJsonObject("details").getJsonArray("fields").stream()
      .anyMatch(f -> field.equals(((JsonObject) f).getString("field"))), r.toString());
  }

  @Test
  void aStudentMarkedPresentRatesOnce() {
    Response r = rate(first, presentToken, score(4).put("comment", "  Bagus sekali  "));
    assertEquals(201, r.status(), r.toString());
    JsonObject data = r.data();
    assertEquals(first, data.getString("schedule_id"));
    assertEquals(present, data.getString("student_id"));
    assertEquals(4, data.getInteger("score"));
    assertEquals("Bagus sekali", data.getString("comment"));
    assertError(rate(first, presentToken, score(5)), 409, "RATING_ALREADY_SUBMITTED");
    assertEquals(4L, TestApp.count("SELECT score FROM scheduling.ratings WHERE schedule_id = '" + first + "'"));
    assertEquals(1L, TestApp.count("SELECT count(*) FROM scheduling.ratings"));
  }

  @Test
  void aBlankCommentIsNoComment() {
    Response r = rate(first, presentToken, score(5).put("comment", "   "));
    assertEquals(201, r.status(), r.toString());
    assertNull(r.data().getString("comment"));
  }

  @Test
  void onlyAttendeesRate() {
    assertError(rate(first, absentToken, score(1)), 403, "RATING_NOT_ATTENDED");
    assertError(rate(first, strangerToken, score(1)), 403, "RATING_NOT_ATTENDED");
    assertError(rate(second, presentToken, score(5)), 403, "RATING_NOT_ATTENDED"); // placed, not attended yet
    assertEquals(0L, TestApp.count("SELECT count(*) FROM scheduling.ratings"));
  }

  @Test
  void onlyStudentsRate() {
    assertError(api.call("scheduling.rateSchedule").path("id", first).body(score(5)).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(rate(first, inaToken, score(5)), 403, "AUTH_FORBIDDEN");
    assertError(rate(first, admin, score(5)), 403, "AUTH_FORBIDDEN");
  }

  @Test
  void anUnknownOrCancelledClassIs404() {
    assertError(rate(UUID.randomUUID().toString(), presentToken, score(5)), 404, "SCHEDULE_NOT_FOUND");
    Response cancelled = api.call("scheduling.deleteSchedule").path("id", second).token(admin).send();
    assertEquals(200, cancelled.status(), cancelled.toString());
    assertError(rate(second, presentToken, score(5)), 404, "SCHEDULE_NOT_FOUND");
  }

  @Test
  void eachBadFieldIs400() {
    assertField(rate(first, presentToken, score(0)), "score");
    assertField(rate(first, presentToken, score(6)), "score");
    assertField(rate(first, presentToken, new JsonObject().put("score", "5")), "score");
    assertField(rate(first, presentToken, new JsonObject().put("score", 4.5)), "score");
    assertField(rate(first, presentToken, new JsonObject()), "score");
    assertField(rate(first, presentToken, score(5).put("comment", "x".repeat(1001))), "comment");
    assertField(rate(first, presentToken, score(5).put("comment", 5)), "comment");
    assertEquals(400, rate(first, presentToken, score(5).put("stars", 5)).status());
    assertField(rate("not-a-uuid", presentToken, score(5)), "id");
    assertEquals(0L, TestApp.count("SELECT count(*) FROM scheduling.ratings"));
  }

  @Test
  void concurrentRatingsStoreOne() throws Exception {
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(api.call("scheduling.rateSchedule").path("id", first).token(presentToken).body(score(1 + i % 5)).sendAsync());
    }
    Future.join(all).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    long created = all.stream().filter(f -> f.result().statusCode() == 201).count();
    long refused = all.stream().filter(f -> f.result().statusCode() == 409).count();
    assertEquals(1, created);
    assertEquals(19, refused);
    assertEquals(1L, TestApp.count("SELECT count(*) FROM scheduling.ratings"));
  }

  @Test
  void theInstructorRatingIsTheMeanOfTheirClasses() {
    assertNull(api.call("analytics.instructor").path("id", ina).token(admin).send().data().getValue("rating"), "none yet");
    assertNull(api.call("analytics.instructor").path("id", budi).token(admin).send().data().getValue("rating"), "none yet");
    assertEquals(201, rate(first, presentToken, score(4)).status());
    // Budi's class of the course, attended by another student: his rating, not Ina's

    String third = RecAcademy.schedule(admin, course, budi, RecAcademy.room(admin, "Studio S", "piano"), Sched.at(5, 2), Sched.at(5, 3));
    RecAcademy.enroll(admin, stranger, course, third);
    RecAcademy.startedAnHourAgo(third);
    mark(third, stranger, true);
    assertEquals(201, rate(third, strangerToken, score(5)).status());
    Response r = api.call("analytics.instructor").path("id", ina).token(inaToken).send();
    assertEquals(200, r.status(), r.toString());
    assertEquals(4.0, r.data().getDouble("rating"));
    assertEquals(5.0, api.call("analytics.instructor").path("id", budi).token(admin).send().data().getDouble("rating"));
    // a second rating in Ina's first class: the mean over her classes' ratings
    String late = RecAcademy.user("student", "late@rating.test", "Telat");
    RecAcademy.enroll(admin, late, course, null);
    mark(first, late, true);
    assertEquals(201, rate(first, RecAcademy.login("late@rating.test"), score(5)).status());
    assertEquals(4.5, api.call("analytics.instructor").path("id", ina).token(inaToken).send().data().getDouble("rating"));
  }
}
