package verticles.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.catalog.Courses.Account;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Create, read, update, delete and statistics of courses: success and every refusal. */
class CourseCrudTest {
  static String admin;
  static Account instructor, otherInstructor, student;

  @BeforeAll
  static void accounts() {
    Courses.reset();
    admin = TestUsers.adminToken();
    instructor = Courses.account("instructor", "teacher@catalog.test");
    otherInstructor = Courses.account("instructor", "other-teacher@catalog.test");
    student = Courses.account("student", "student@catalog.test");
  }

  @BeforeEach
  void emptyCatalog() {
    Courses.sql("TRUNCATE catalog.courses CASCADE");
  }

  /** In English: this class asserts the API's English texts (Indonesian is the default, see ApiLanguageTest). */
  private static Response create(String token, JsonObject body) {
    Api.Call call = Api.get().call("catalog.createCourse").body(body).header("Accept-Language", "en");
    if (token != null) call.token(token);
    return call.send();
  }

  private static Response delete(String id, String token) {
    Api.Call call = Api.get().call("catalog.deleteCourse").path("id", id).header("Accept-Language", "en");
    if (token != null) call.token(token);
    return call.send();
  }

  /** Concurrent updates from the same read: exactly one wins, the others are told the course changed. */
  @Test
  void concurrentUpdatesOfTheSameVersionHaveOneWinner() throws Exception {
    JsonObject course = Courses.create(admin, Courses.body("Saxophone"));
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        JsonObject change = new JsonObject().put("updated_at", course.getString("updated_at")).put("max_students", i + 1);
        answers.add(pool.submit(() -> Courses.update(course.getString("id"), admin, change)));
      }
      int won = 0, conflicts = 0;
      Integer winner = null;
      for (Future<Response> answer : answers) {
        Response r = answer.get();
        if (r.status() == 200) {
          won++;
          winner = r.data().getInteger("max_students");
        } else {
          assertError(r, 409, "COURSE_VERSION_CONFLICT");
          conflicts++;
        }
      }
      assertEquals(1, won);
      assertEquals(writers - 1, conflicts);
      assertEquals(winner, Courses.get(course.getString("id"), null).data().getInteger("max_students"));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

  // --- create -----------------------------------------------------------------------------------

  @Test
  void adminCreatesACourseWithTheSeedShape() {
    Response r = create(admin, Courses.body("Piano Basics for Beginners").put("instrument", "Piano"));
    assertEquals(201, r.status(), r.toString());
    assertEquals("Course created successfully", r.json().getString("message"));
    JsonObject course = r.data();
    assertEquals("Piano Basics for Beginners", course.getString("title"));
    assertEquals("beginner", course.getString("level"));
    assertEquals("Piano", course.getString("instrument"));
    assertEquals(500000L, course.getLong("price_per_session"));
    assertEquals(60, course.getInteger("duration_minutes"));
    assertEquals(5, course.getInteger("max_students"));
    assertTrue(course.getBoolean("is_active"));
    assertNull(course.getString("instructor_id"));
    UUID.fromString(course.getString("id"));
    Instant.parse(course.getString("created_at"));
    assertEquals(course.getString("created_at"), course.getString("updated_at"));
  }

  @Test
  void anInstructorOwnsTheCoursesTheyCreate() {
    JsonObject course = Courses.create(instructor.token(), Courses.body("Guitar for Beginners"));
    assertEquals(instructor.id(), course.getString("instructor_id"));
    JsonObject named = Courses.create(instructor.token(), Courses.body("Guitar II").put("instructor_id", instructor.id()));
    assertEquals(instructor.id(), named.getString("instructor_id"));
  }

  @Test
  void anInstructorCannotCreateACourseForSomeoneElse() {
    assertError(create(instructor.token(), Courses.body("Not mine").put("instructor_id", otherInstructor.id())),
      403, "AUTH_FORBIDDEN");
    assertError(create(instructor.token(), Courses.body("Nobody's").putNull("instructor_id")), 403, "AUTH_FORBIDDEN");
    assertEquals(0, count());
  }

  @Test
  void anAdminAssignsAnExistingInstructor() {
    JsonObject course = Courses.create(admin, Courses.body("Violin").put("instructor_id", instructor.id()));
    assertEquals(instructor.id(), course.getString("instructor_id"));
    Response notInstructor = create(admin, Courses.body("Violin II").put("instructor_id", student.id()));
    assertError(notInstructor, 400, "COURSE_INVALID_INSTRUCTOR");
    assertEquals("instructor_id", notInstructor.json().getJsonObject("details").getJsonArray("fields")
      .getJsonObject(0).getString("field"));
    assertError(create(admin, Courses.body("Violin III").put("instructor_id", UUID.randomUUID().toString())),
      400, "COURSE_INVALID_INSTRUCTOR");
    assertEquals(1, count());
  }

  @Test
  void creatingNeedsAnAdminOrInstructorToken() {
    assertError(create(null, Courses.body("Anonymous")), 401, "AUTH_UNAUTHORIZED");
    assertError(create(student.token(), Courses.body("By a student")), 403, "AUTH_FORBIDDEN");
    assertEquals(0, count());
  }

  @Test
  void invalidCoursesAreRefusedByTheContract() {
    assertError(create(admin, Courses.body("Bad level").put("level", "expert")), 400, "VALIDATION_INVALID_ENUM");
    assertEquals(400, create(admin, Courses.body("Negative").put("price_per_session", -1)).status());
    assertEquals(400, create(admin, Courses.body("No time").put("duration_minutes", 0)).status());
    assertEquals(400, create(admin, Courses.body("Empty").put("max_students", 0)).status());
    assertEquals(400, create(admin, Courses.body("   ")).status());
    assertEquals(400, create(admin, Courses.body("Missing").putNull("level")).status());
    Response unknown = create(admin, Courses.body("Mass assignment").put("id", UUID.randomUUID().toString()));
    assertEquals(400, unknown.status(), unknown.toString());
    assertTrue(unknown.code().startsWith("VALIDATION_"), unknown.toString());
    JsonObject noTitle = Courses.body("x");
    noTitle.remove("title");
    assertEquals(400, create(admin, noTitle).status());
    assertEquals(0, count());
  }

  // --- read -------------------------------------------------------------------------------------

  @Test
  void anyoneReadsAnActiveCourseWithItsUpcomingSchedules() {
    JsonObject course = Courses.create(admin, Courses.body("Drums"));
    Response r = Courses.get(course.getString("id"), null);
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonArray(), r.data().getJsonArray("upcoming_schedules"));
    JsonObject withoutSchedules = r.data().copy();
    withoutSchedules.remove("upcoming_schedules");
    assertEquals(course, withoutSchedules);
    assertEquals(200, Courses.get(course.getString("id"), student.token()).status());
  }

  @Test
  void anInactiveCourseExistsOnlyForAdminsAndItsOwner() {
    String id = Courses.create(instructor.token(), Courses.body("Archived").put("is_active", false)).getString("id");
    assertError(Courses.get(id, null), 404, "COURSE_NOT_FOUND");
    assertError(Courses.get(id, student.token()), 404, "COURSE_NOT_FOUND");
    assertError(Courses.get(id, otherInstructor.token()), 404, "COURSE_NOT_FOUND");
    assertEquals(200, Courses.get(id, instructor.token()).status());
    assertEquals(200, Courses.get(id, admin).status());
  }

  @Test
  void unknownAndMalformedIds() {
    assertError(Courses.get(UUID.randomUUID().toString(), null), 404, "COURSE_NOT_FOUND");
    assertEquals(400, Courses.get("not-a-uuid", null).status());
    assertError(Courses.get(UUID.randomUUID().toString(), "not.a.token"), 401, "AUTH_UNAUTHORIZED");
  }

  // --- update -----------------------------------------------------------------------------------

  @Test
  void updatingChangesTheFieldsSentAndMovesUpdatedAt() {
    JsonObject course = Courses.create(admin, Courses.body("Cello").put("instrument", "Cello"));
    Response r = Courses.update(course.getString("id"), admin, new JsonObject()
      .put("updated_at", course.getString("updated_at"))
      .put("price_per_session", 650000)
      .put("level", "intermediate"));
    assertEquals(200, r.status(), r.toString());
    assertEquals("Course updated successfully", r.json().getString("message"));
    JsonObject updated = r.data();
    assertEquals(650000L, updated.getLong("price_per_session"));
    assertEquals("intermediate", updated.getString("level"));
    assertEquals("Cello", updated.getString("title"));
    assertEquals("Cello", updated.getString("instrument"));
    assertEquals(course.getString("created_at"), updated.getString("created_at"));
    assertTrue(Instant.parse(updated.getString("updated_at")).isAfter(Instant.parse(course.getString("updated_at"))));
    JsonObject cleared = Courses.update(course.getString("id"), admin, new JsonObject()
      .put("updated_at", updated.getString("updated_at")).putNull("instrument")).data();
    assertNull(cleared.getString("instrument"));
  }

  @Test
  void aStaleUpdatedAtIsAConflictAndChangesNothing() {
    JsonObject course = Courses.create(admin, Courses.body("Flute"));
    String read = course.getString("updated_at");
    JsonObject first = Courses.update(course.getString("id"), admin,
      new JsonObject().put("updated_at", read).put("title", "Flute I")).data();
    Response stale = Courses.update(course.getString("id"), admin,
      new JsonObject().put("updated_at", read).put("title", "Flute II"));
    assertError(stale, 409, "COURSE_VERSION_CONFLICT");
    assertEquals(first.getString("updated_at"), stale.json().getJsonObject("details").getString("current_updated_at"));
    assertEquals("Flute I", Courses.get(course.getString("id"), null).data().getString("title"));
    // the value read back is accepted as is: microsecond precision survives the round trip
    assertEquals(200, Courses.update(course.getString("id"), admin,
      new JsonObject().put("updated_at", first.getString("updated_at")).put("title", "Flute II")).status());
  }

  @Test
  void updatedAtIsComparedAtMicrosecondPrecision() {
    String id = Courses.create(admin, Courses.body("Harp")).getString("id");
    Courses.sql("UPDATE catalog.courses SET updated_at = '2025-01-01T00:00:00.123456Z' WHERE id = '" + id + "'");
    String read = Courses.get(id, admin).data().getString("updated_at");
    assertEquals("2025-01-01T00:00:00.123456Z", read);
    Response truncated = Courses.update(id, admin, new JsonObject().put("updated_at", "2025-01-01T00:00:00.123Z"));
    assertError(truncated, 409, "COURSE_VERSION_CONFLICT");
    Response sameInstantOtherZone = Courses.update(id, admin,
      new JsonObject().put("updated_at", "2025-01-01T07:00:00.123456+07:00").put("title", "Harp I"));
    assertEquals(200, sameInstantOtherZone.status(), sameInstantOtherZone.toString());
  }

  @Test
  void instructorsUpdateOnlyTheirOwnCoursesAndCannotGiveThemAway() {
    JsonObject mine = Courses.create(instructor.token(), Courses.body("Mine"));
    JsonObject theirs = Courses.create(otherInstructor.token(), Courses.body("Theirs"));
    JsonObject academy = Courses.create(admin, Courses.body("Academy's"));
    assertError(Courses.update(theirs.getString("id"), instructor.token(),
      new JsonObject().put("updated_at", theirs.getString("updated_at")).put("title", "Taken")), 403, "AUTH_FORBIDDEN");
    assertError(Courses.update(academy.getString("id"), instructor.token(),
      new JsonObject().put("updated_at", academy.getString("updated_at")).put("title", "Taken")), 403, "AUTH_FORBIDDEN");
    assertError(Courses.update(mine.getString("id"), instructor.token(), new JsonObject()
      .put("updated_at", mine.getString("updated_at")).put("instructor_id", otherInstructor.id())), 403, "AUTH_FORBIDDEN");
    assertEquals("Theirs", Courses.get(theirs.getString("id"), null).data().getString("title"));
    Response own = Courses.update(mine.getString("id"), instructor.token(),
      new JsonObject().put("updated_at", mine.getString("updated_at")).put("is_active", false));
    assertEquals(200, own.status(), own.toString());
    assertFalse(own.data().getBoolean("is_active"));
    assertEquals(instructor.id(), own.data().getString("instructor_id"));
  }

  @Test
  void anAdminReassignsACourseToAnotherInstructor() {
    JsonObject course = Courses.create(instructor.token(), Courses.body("Bass"));
    JsonObject moved = Courses.update(course.getString("id"), admin, new JsonObject()
      .put("updated_at", course.getString("updated_at")).put("instructor_id", otherInstructor.id())).data();
    assertEquals(otherInstructor.id(), moved.getString("instructor_id"));
    assertError(Courses.update(course.getString("id"), admin, new JsonObject()
      .put("updated_at", moved.getString("updated_at")).put("instructor_id", student.id())), 400, "COURSE_INVALID_INSTRUCTOR");
  }

  @Test
  void updateRefusals() {
    JsonObject course = Courses.create(admin, Courses.body("Oboe"));
    String id = course.getString("id"), at = course.getString("updated_at");
    assertError(Api.get().call("catalog.updateCourse").path("id", id).body(new JsonObject().put("updated_at", at)).send(),
      401, "AUTH_UNAUTHORIZED");
    assertError(Courses.update(id, student.token(), new JsonObject().put("updated_at", at)), 403, "AUTH_FORBIDDEN");
    assertError(Courses.update(UUID.randomUUID().toString(), admin, new JsonObject().put("updated_at", at)),
      404, "COURSE_NOT_FOUND");
    assertEquals(400, Courses.update(id, admin, new JsonObject().put("updated_at", "yesterday")).status());
    assertEquals(400, Courses.update(id, admin, new JsonObject().put("updated_at", at).put("price_per_session", -5)).status());
    assertError(Courses.update(id, admin, new JsonObject().put("updated_at", at).put("level", "expert")),
      400, "VALIDATION_INVALID_ENUM");
    assertEquals(400, Courses.update(id, admin, new JsonObject().put("updated_at", at).put("created_at", at)).status());
    assertEquals("Oboe", Courses.get(id, admin).data().getString("title"));
    assertEquals(at, Courses.get(id, admin).data().getString("updated_at"));
    // without a version (the seed §4.4 body) the update applies: optimistic locking is the client's choice
    Response unversioned = Courses.update(id, admin, new JsonObject().put("title", "Oboe d'amore"));
    assertEquals(200, unversioned.status(), unversioned.toString());
    assertEquals("Oboe d'amore", Courses.get(id, admin).data().getString("title"));
  }

  // --- delete -----------------------------------------------------------------------------------

  @Test
  void deletingRemovesTheCourse() {
    String id = Courses.create(admin, Courses.body("Tuba")).getString("id");
    Response r = delete(id, admin);
    assertEquals(200, r.status(), r.toString());
    assertEquals("Course deleted successfully", r.json().getString("message"));
    assertError(Courses.get(id, admin), 404, "COURSE_NOT_FOUND");
    assertError(delete(id, admin), 404, "COURSE_NOT_FOUND");
  }

  @Test
  void instructorsDeleteOnlyTheirOwnCourses() {
    String mine = Courses.create(instructor.token(), Courses.body("Mine")).getString("id");
    String theirs = Courses.create(otherInstructor.token(), Courses.body("Theirs")).getString("id");
    assertError(delete(theirs, instructor.token()), 403, "AUTH_FORBIDDEN");
    assertEquals(200, Courses.get(theirs, null).status());
    assertEquals(200, delete(mine, instructor.token()).status());
    assertError(delete(theirs, student.token()), 403, "AUTH_FORBIDDEN");
    assertError(delete(theirs, null), 401, "AUTH_UNAUTHORIZED");
    assertEquals(1, count());
  }

  // --- statistics -------------------------------------------------------------------------------

  @Test
  void statisticsCountCoursesByStateAndLevel() {
    Courses.create(admin, Courses.body("A"));
    Courses.create(admin, Courses.body("B").put("level", "advanced"));
    Courses.create(instructor.token(), Courses.body("C").put("level", "advanced").put("is_active", false));
    Response r = Api.get().call("catalog.courseStats").token(admin).send();
    assertEquals(200, r.status(), r.toString());
    JsonObject stats = r.data();
    assertEquals(3, stats.getInteger("total_courses"));
    assertEquals(2, stats.getInteger("active_courses"));
    assertEquals(1, stats.getInteger("inactive_courses"));
    assertEquals(new JsonObject().put("beginner", 1).put("intermediate", 0).put("advanced", 2),
      stats.getJsonObject("courses_by_level"));
    assertEquals(0, stats.getInteger("total_enrollments"));
    assertEquals(new JsonArray(), stats.getJsonArray("most_popular_courses"));
  }

  @Test
  void statisticsAreForAdminsOnly() {
    assertError(Api.get().call("catalog.courseStats").send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Api.get().call("catalog.courseStats").token(instructor.token()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("catalog.courseStats").token(student.token()).send(), 403, "AUTH_FORBIDDEN");
  }

  private static long count() {
    try (Connection c = TestApp.connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM catalog.courses")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
