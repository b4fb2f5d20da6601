package verticles.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Extra nodes on the shared database: the catalog without Redis, and without the verticles it asks. */
class CatalogNodeTest {

  @BeforeAll
  static void reset() {
    Courses.reset();
  }

  @BeforeEach
  void emptyCatalog() {
    Courses.sql("TRUNCATE catalog.courses CASCADE");
  }

  @AfterAll
  static void retireWhatTheseNodesWrote() {
    // the nodes below wrote without (or beside) the shared Redis: nothing cached here may outlive them
    Courses.sql("TRUNCATE catalog.courses CASCADE");
  }



  @Test
  void withRedisDownCatalogReadsAndWritesStillWork(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_REDIS_URL", "redis://127.0.0.1:" + TestApp.freePort());
    env.put("ACADEMY_ROLES", "http,auth,catalog,scheduling,enrollment");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      String admin = node.adminToken();
      Response empty = api.call("catalog.listCourses").send(); // before any write: the cache read itself fails
      assertEquals(200, empty.status(), empty.toString());
      assertEquals(0, empty.data().getJsonArray("courses").size());
      Response created = api.call("catalog.createCourse").token(admin).body(Courses.body("Piano Basics for Beginners")).send();
      assertEquals(201, created.status(), created.toString());
      String id = created.data().getString("id");

      Response listed = api.call("catalog.listCourses").query("search", "pian").send();
      assertEquals(200, listed.status(), listed.toString());
      assertEquals(id, listed.data().getJsonArray("courses").getJsonObject(0).getString("id"));
      Response read = api.call("catalog.getCourse").path("id", id).send();
      assertEquals(200, read.status(), read.toString());

      Response updated = api.call("catalog.updateCourse").path("id", id).token(admin).body(new JsonObject()
        .put("updated_at", read.data().getString("updated_at")).put("title", "Piano Basics II")).send();
      assertEquals(200, updated.status(), updated.toString());
      assertEquals("Piano Basics II", api.call("catalog.getCourse").path("id", id).send().data().getString("title"));
      assertEquals("Piano Basics II", api.call("catalog.listCourses").send().data().getJsonArray("courses")
        .getJsonObject(0).getString("title"));

      assertEquals(200, api.call("catalog.courseStats").token(admin).send().status());
      assertEquals(200, api.call("catalog.deleteCourse").path("id", id).token(admin).send().status());
      assertEquals(404, api.call("catalog.getCourse").path("id", id).send().status());
    }
  }

  @Test
  void withoutSchedulingAndEnrollmentCoursesShowButAreNotDeleted(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,catalog");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      String admin = node.adminToken();
      Response created = api.call("catalog.createCourse").token(admin).body(Courses.body("Violin")).send();
      assertEquals(201, created.status(), created.toString());
      String id = created.data().getString("id");

      Response read = api.call("catalog.getCourse").path("id", id).send();
      assertEquals(200, read.status(), read.toString());
      assertEquals(new JsonArray(), read.data().getJsonArray("upcoming_schedules"));

      Response delete = api.call("catalog.deleteCourse").path("id", id).token(admin).send();
      assertEquals(503, delete.status(), delete.toString());
      assertEquals("SERVICE_UNAVAILABLE", delete.code());
      assertEquals(200, api.call("catalog.getCourse").path("id", id).send().status(), "nothing was deleted");

      Response stats = api.call("catalog.courseStats").token(admin).send();
      assertEquals(503, stats.status(), stats.toString());
    }
  }

  /**
   * Until the scheduling and enrollment issues fill their queries, stand-ins on a node without those
   * verticles answer them, so the catalog's side of the exchange is tested.
   */
  @Test
  void theCatalogUsesWhatSchedulingAndEnrollmentAnswer(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,catalog");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      String admin = node.adminToken();
      String used = api.call("catalog.createCourse").token(admin).body(Courses.body("Used")).send().data().getString("id");
      String popular = api.call("catalog.createCourse").token(admin).body(Courses.body("Popular")).send().data().getString("id");
      JsonObject schedule = new JsonObject().put("id", java.util.UUID.randomUUID().toString())
        .put("start_time", "2030-10-15T10:00:00Z").put("end_time", "2030-10-15T11:00:00Z")
        .put("enrolled_students", 3).put("available_slots", 2);
      standIn(node, "scheduling.internal.upcomingForCourse", q -> new JsonObject().put("schedules",
        q.getString("course_id").equals(used) && q.getInteger("limit") > 0 ? new JsonArray().add(schedule) : new JsonArray()));
      standIn(node, "scheduling.internal.courseUsage", q -> new JsonObject().put("schedules", q.getString("course_id").equals(used) ? 2 : 0));
      standIn(node, "enrollment.internal.courseUsage", q -> new JsonObject().put("enrollments", 0));
      standIn(node, "enrollment.internal.courseEnrollmentCounts", q -> new JsonObject().put("counts", new JsonArray()
        .add(new JsonObject().put("course_id", used).put("count", 4))
        .add(new JsonObject().put("course_id", popular).put("count", 9))
        .add(new JsonObject().put("course_id", java.util.UUID.randomUUID().toString()).put("count", 50))));

      assertEquals(new JsonArray().add(schedule),
        api.call("catalog.getCourse").path("id", used).send().data().getJsonArray("upcoming_schedules"));

      Response inUse = api.call("catalog.deleteCourse").path("id", used).token(admin).send();
      assertEquals(409, inUse.status(), inUse.toString());
      assertEquals("COURSE_IN_USE", inUse.code());
      assertEquals(new JsonObject().put("schedules", 2).put("enrollments", 0), inUse.json().getJsonObject("details"));
      assertEquals(200, api.call("catalog.getCourse").path("id", used).send().status(), "nothing was deleted");

      JsonObject stats = api.call("catalog.courseStats").token(admin).send().data();
      assertEquals(63, stats.getInteger("total_enrollments"));
      assertEquals(new JsonArray()
          .add(new JsonObject().put("course_id", popular).put("title", "Popular").put("enrollment_count", 9))
          .add(new JsonObject().put("course_id", used).put("title", "Used").put("enrollment_count", 4)),
        stats.getJsonArray("most_popular_courses"), "most enrollments first; courses no longer in the catalog left out");

      assertEquals(200, api.call("catalog.deleteCourse").path("id", popular).token(admin).send().status());
    }
  }

  private static void standIn(TestNode node, String address, java.util.function.Function<JsonObject, JsonObject> answer) {
    TestApp.await(node.vertx().eventBus().<JsonObject>consumer(address, m -> m.reply(answer.apply(m.body()))).completion());
  }
}
