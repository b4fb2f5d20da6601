package verticles.catalog;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Catalog test helpers: clean data, accounts with tokens, courses created through the API. */
final class Courses {
  static final String PASSWORD = "Catalog-Pass-42";

  private Courses() {
  }

  /** Empties the catalog and the accounts (but the first admin). */
  static void reset() {
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
    retireCache();
  }

  /**
   * SQL straight to the catalog's tables, then the cache version bump the catalog makes after its own
   * writes (changes behind its back are otherwise served from the cache for up to an hour).
   */
  static void sql(String statements) {
    TestApp.sql(statements);
    retireCache();
  }

  /** Retires every cached catalog read, as a catalog write does. */
  static void retireCache() {
    TestApp.retireCatalogCache();
  }

  /** The test academy's Redis. */
  static synchronized RedisAPI redis() {
    if (redis == null) {
      redis = RedisAPI.api(Redis.createClient(TestApp.get().vertx(), TestApp.config().getJsonObject("redis").getString("url")));
    }
    return redis;
  }

  private static RedisAPI redis;

  /** An account of the role, logged in: {id, token}. */
  static Account account(String role, String email) {
    String id = TestUsers.create(role, email, PASSWORD, "active");
    return new Account(id, TestUsers.login(email, PASSWORD).getString("access_token"));
  }

  static JsonObject body(String title) {
    return new JsonObject()
      .put("title", title)
      .put("description", "Learn fundamental techniques step by step.")
      .put("level", "beginner")
      .put("price_per_session", 500000)
      .put("duration_minutes", 60)
      .put("max_students", 5)
      .put("is_active", true);
  }

  /** Creates a course through the API with the token, expecting 201; returns the course. */
  static JsonObject create(String token, JsonObject body) {
    Response r = Api.get().call("catalog.createCourse").token(token).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  static Response get(String id, String token) {
    Api.Call call = Api.get().call("catalog.getCourse").path("id", id);
    if (token != null) call.token(token);
    return call.send();
  }

  static Response update(String id, String token, JsonObject body) {
    // in English: the tests assert the API's English texts
    return Api.get().call("catalog.updateCourse").path("id", id).token(token).body(body).header("Accept-Language", "en").send();
  }

  record Account(String id, String token) {
  }
}
