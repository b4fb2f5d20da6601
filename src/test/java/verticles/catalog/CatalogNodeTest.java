package verticles.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Academy;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Extra nodes on the shared database: the catalog without Redis, and without the verticles it asks. */
class CatalogNodeTest {

  @BeforeAll
  static void reset() {
    Courses.reset();
  }

  @AfterAll
  static void retireWhatTheseNodesWrote() {
    // the nodes below wrote without (or beside) the shared Redis: nothing cached here may outlive them
    Courses.sql("TRUNCATE catalog.courses CASCADE");
  }

  /** Settings that reuse the shared test database, Redis and JWT key. */
  private static Map<String, String> sharedInfrastructure() {
    JsonObject db = TestApp.config().getJsonObject("database");
    Map<String, String> env = new HashMap<>();
    env.put("ACADEMY_DATABASE_HOST", db.getString("host"));
    env.put("ACADEMY_DATABASE_PORT", db.getInteger("port").toString());
    env.put("ACADEMY_DATABASE_USER", db.getString("user"));
    env.put("ACADEMY_DATABASE_PASSWORD", db.getString("password"));
    env.put("ACADEMY_REDIS_URL", TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_JWT_SECRET", TestApp.config().getJsonObject("jwt").getString("secret"));
    return env;
  }

  private static String adminToken(Api api) {
    Response r = api.call("auth.login")
      .body(new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD)).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonObject("tokens").getString("access_token");
  }

  @Test
  void withRedisDownCatalogReadsAndWritesStillWork(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = sharedInfrastructure();
    env.put("ACADEMY_REDIS_URL", "redis://127.0.0.1:" + TestApp.freePort());
    env.put("ACADEMY_ROLES", "http,auth,catalog,scheduling,enrollment");
    JsonObject config = TestApp.config(dataDir, env);
    Academy node = Academy.start(config);
    try {
      Api api = Api.at(node.vertx(), config.getJsonObject("http").getInteger("port"));
      String admin = adminToken(api);
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
    } finally {
      node.stop();
    }
  }

  @Test
  void withoutSchedulingAndEnrollmentCoursesShowButAreNotDeleted(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = sharedInfrastructure();
    env.put("ACADEMY_ROLES", "http,auth,catalog");
    JsonObject config = TestApp.config(dataDir, env);
    Academy node = Academy.start(config);
    try {
      Api api = Api.at(node.vertx(), config.getJsonObject("http").getInteger("port"));
      String admin = adminToken(api);
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
    } finally {
      node.stop();
    }
  }
}
