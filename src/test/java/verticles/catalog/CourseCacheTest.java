package verticles.catalog;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.Map;
import verticles.auth.TestUsers;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis cache of catalog reads: reads fill it, every write retires it. Changing a row behind the
 * catalog's back (plain SQL, no version bump) shows which answers come from the cache.
 */
class CourseCacheTest {
  static String admin;

  @BeforeAll
  static void reset() {
    Courses.reset();
    admin = TestUsers.adminToken();
  }

  @BeforeEach
  void emptyCatalog() {
    Courses.sql("TRUNCATE catalog.courses CASCADE");
  }

  private static void behindTheCatalogsBack(String sql) {
    TestApp.sql(sql); // no version bump: cached answers stay as they were
  }

  private static String version() {
    Response version = TestApp.await(Courses.redis().get(CatalogCache.VERSION));
    return version == null ? null : version.toString();
  }

  private static List<String> cachedKeys(String pattern) {
    Response keys = TestApp.await(Courses.redis().keys(CatalogCache.PREFIX + version() + ":" + pattern));
    return keys.stream().map(Response::toString).toList();
  }

  private static JsonObject firstListed() {
    Api.Response r = Api.get().call("catalog.listCourses").send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("courses").getJsonObject(0);
  }

  @Test
  void aCourseReadIsCachedAndAnUpdateRetiresIt() {
    JsonObject course = Courses.create(admin, Courses.body("Piano Basics for Beginners"));
    String id = course.getString("id");
    assertEquals(500000L, Courses.get(id, null).data().getLong("price_per_session"));
    assertEquals(List.of(CatalogCache.PREFIX + version() + ":course:" + id), cachedKeys("course:*"));

    behindTheCatalogsBack("UPDATE catalog.courses SET title = 'Changed in SQL' WHERE id = '" + id + "'");
    assertEquals("Piano Basics for Beginners", Courses.get(id, null).data().getString("title"), "served from the cache");

    String before = version();
    Api.Response updated = Courses.update(id, admin,
      new JsonObject().put("updated_at", course.getString("updated_at")).put("price_per_session", 650000));
    assertEquals(200, updated.status(), updated.toString());
    assertNotEquals(before, version());
    JsonObject read = Courses.get(id, null).data();
    assertEquals(650000L, read.getLong("price_per_session"));
    assertEquals("Changed in SQL", read.getString("title"));
  }

  /**
   * A repeated anonymous read of the same URI is answered before routing (issue 13) and exactly like the first: same
   * status, body, caching and security headers, a request id of its own; a conditional read still gets 304, a
   * foreign Origin still meets CORS, a token still gets the caller's view, and a write shows at once.
   */
  @Test
  void aRepeatedAnonymousReadIsAnsweredLikeTheFirst() {
    Courses.create(admin, Courses.body("Biola Dasar"));
    Courses.create(admin, Courses.body("Biola Rahasia").put("is_active", false));
    String uri = "/api/courses?limit=5&search=Biola";
    Api.Response first = Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, null, null);
    Api.Response again = Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, null, null);
    assertEquals(200, again.status(), again.toString());
    assertEquals(first.text(), again.text());
    for (String header : List.of("ETag", "Cache-Control", "Vary", "Content-Type", "X-Content-Type-Options",
        "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy")) {
      assertEquals(first.header(header), again.header(header), header);
    }
    assertNotEquals(first.header("X-Request-Id"), again.header("X-Request-Id"));
    io.vertx.core.MultiMap conditional = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("If-None-Match", first.header("ETag"));
    assertEquals(304, Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, conditional, null).status());
    io.vertx.core.MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/x-www-form-urlencoded");
    assertEquals(415, Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, form, null).status(), "a form on GET, as on the full path");
    io.vertx.core.MultiMap foreign = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Origin", "https://evil.example");
    assertEquals(403, Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, foreign, null).status());
    io.vertx.core.MultiMap signedIn = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + admin);
    assertFalse(first.text().contains("Biola Rahasia"));
    assertTrue(Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, signedIn, null).text().contains("Biola Rahasia"),
      "a token reaches the catalog and gets the caller's view");
    Courses.create(admin, Courses.body("Biola Lanjutan"));
    assertNotEquals(first.text(), Api.get().raw(io.vertx.core.http.HttpMethod.GET, uri, null, null).text(), "a write shows at once");
  }

  @Test
  void aListIsCachedAndAnUpdateRetiresIt() {
    JsonObject course = Courses.create(admin, Courses.body("Guitar Chords"));
    assertEquals(500000L, firstListed().getLong("price_per_session"));
    assertFalse(cachedKeys("list:active:*").isEmpty());

    behindTheCatalogsBack("UPDATE catalog.courses SET title = 'Changed in SQL'");
    assertEquals("Guitar Chords", firstListed().getString("title"), "served from the cache");

    Api.Response updated = Courses.update(course.getString("id"), admin,
      new JsonObject().put("updated_at", course.getString("updated_at")).put("price_per_session", 750000));
    assertEquals(200, updated.status(), updated.toString());
    JsonObject listed = firstListed();
    assertEquals(750000L, listed.getLong("price_per_session"));
    assertEquals("Changed in SQL", listed.getString("title"));
  }

  @Test
  void createAndDeleteRetireCachedListsToo() {
    Courses.create(admin, Courses.body("First"));
    assertEquals(1, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
    String second = Courses.create(admin, Courses.body("Second")).getString("id");
    assertEquals(2, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
    assertEquals(200, Api.get().call("catalog.deleteCourse").path("id", second).token(admin).send().status());
    assertEquals(1, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
    assertEquals(404, Courses.get(second, null).status());
  }

  @Test
  void archivingHidesACachedCourseAtOnce() {
    JsonObject course = Courses.create(admin, Courses.body("Cello"));
    String id = course.getString("id");
    assertEquals(200, Courses.get(id, null).status());
    assertEquals(1, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
    assertEquals(200, Courses.update(id, admin,
      new JsonObject().put("updated_at", course.getString("updated_at")).put("is_active", false)).status());
    assertEquals(404, Courses.get(id, null).status());
    assertEquals(0, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
    assertEquals(200, Courses.get(id, admin).status());
  }

  @Test
  void callersWithDifferentViewsDoNotShareCachedPages() {
    Courses.create(admin, Courses.body("Hidden").put("is_active", false));
    assertEquals(0, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
    assertEquals(1, Api.get().call("catalog.listCourses").token(admin).send().data().getJsonArray("courses").size());
    assertEquals(0, Api.get().call("catalog.listCourses").send().data().getJsonArray("courses").size());
  }

  @Test
  void aListReadTwiceIsNotModifiedUntilTheCatalogChanges() {
    JsonObject course = Courses.create(admin, Courses.body("Flute"));
    Api.Response first = Api.get().call("catalog.listCourses").send();
    String etag = first.header("ETag");
    assertEquals("no-cache", first.header("Cache-Control"));
    assertEquals("Authorization", first.header("Vary"));
    Api.Response again = Api.get().call("catalog.listCourses").header("If-None-Match", etag).send();
    assertEquals(304, again.status());
    assertEquals("", again.text() == null ? "" : again.text());
    assertEquals(200, Courses.update(course.getString("id"), admin, new JsonObject().put("title", "Flute Duets")).status());
    Api.Response changed = Api.get().call("catalog.listCourses").header("If-None-Match", etag).send();
    assertEquals(200, changed.status());
    assertNotEquals(etag, changed.header("ETag"));
    assertEquals("Flute Duets", changed.data().getJsonArray("courses").getJsonObject(0).getString("title"));
  }

  /**
   * Two clustered nodes, each with its own router and catalog (and near cache): a course changed through one node
   * is what the other serves next — the new version is published on the bus to every catalog. The other node is
   * asked until its answer changes (the news travels as a message, not a timer); bounded by attempts, not time.
   */
  @Test
  void aWriteOnOneNodeRetiresTheOtherNodesCopies(@TempDir Path dataA, @TempDir Path dataB) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", "academy-near-" + java.util.UUID.randomUUID());
    try (TestNode a = TestNode.start(dataA, env);
         TestNode b = TestNode.start(dataB, TestNode.withRoles(env, "http,catalog"))) {
      String token = a.adminToken();
      JsonObject course = a.api().call("catalog.createCourse").token(token).body(Courses.body("Harp")).send().data();
      assertEquals("Harp", listedOn(b).getString("title"));
      assertEquals("Harp", listedOn(b).getString("title"), "now a near-cache hit on node B");
      assertEquals(200, a.api().call("catalog.updateCourse").path("id", course.getString("id")).token(token)
        .body(new JsonObject().put("title", "Celtic Harp")).send().status());
      String seen = listedOn(b).getString("title");
      for (int attempt = 0; !seen.equals("Celtic Harp") && attempt < 10_000; attempt++) seen = listedOn(b).getString("title");
      assertEquals("Celtic Harp", seen);
    }
  }

  private static JsonObject listedOn(TestNode node) {
    Api.Response r = node.api().call("catalog.listCourses").send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("courses").getJsonObject(0);
  }
}
