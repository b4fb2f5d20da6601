package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static verticles.TestApp.count;
import static verticles.enrollment.Academy.key;
import static verticles.enrollment.Academy.registration;

/** Exactly-once without Redis, and the expiry job on two nodes at once. */
class EnrollmentNodeTest {
  String admin;
  String course;

  @BeforeEach
  void reset() {
    Academy.reset();
    admin = Academy.admin();
    course = Academy.course(admin, "Violin for Beginners", 5);
  }

  /** Settings for an extra node on the shared database. */
  private static Map<String, String> shared(String roles, String redisUrl) {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_REDIS_URL", redisUrl);
    env.put("ACADEMY_ROLES", roles);
    return env;
  }

  @Test
  void withRedisDownRetriesStayExactlyOnce(@TempDir Path dir) throws Exception {
    try (TestNode node = TestNode.start(dir, shared("http,auth,catalog,enrollment,scheduling",
      "redis://127.0.0.1:" + TestApp.freePort()))) {
      Api api = node.api();
      String key = key();
      Api.Call a = api.call("enrollment.register").body(registration(course, "budi@example.com", key));
      Api.Call b = api.call("enrollment.register").body(registration(course, "budi@example.com", key));
      Future<HttpResponse<Buffer>> first = a.sendAsync(), second = b.sendAsync();
      TestApp.await(Future.join(first, second));
      Response one = a.checked(first.result()), two = b.checked(second.result());
      assertEquals(201, one.status(), one.toString());
      assertEquals(one.json(), two.json());
      assertEquals(one.json(), api.call("enrollment.register").body(registration(course, "budi@example.com", key)).send().json());
      assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments"));
    }
  }

  @Test
  void aFlushedRedisDoesNotForgetAKey() {
    String key = key();
    Response first = Academy.register(registration(course, "budi@example.com", key)).send();
    RedisAPI redis = RedisAPI.api(Redis.createClient(TestApp.get().vertx(), TestApp.config().getJsonObject("redis").getString("url")));
    try {
      TestApp.await(redis.flushall(List.of()));
    } finally {
      redis.close();
    }
    assertEquals(first.json(), Academy.register(registration(course, "budi@example.com", key)).send().json());
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void theExpiryJobExpiresEachRegistrationOnceAcrossTwoNodes(@TempDir Path dir) throws Exception {
    for (int i = 0; i < 6; i++) {
      assertEquals(201, Academy.register(registration(course, "late" + i + "@example.com", key())).send().status());
    }
    TestApp.sql("UPDATE enrollment.enrollments SET expires_at = now() - interval '1 minute'");
    try (TestNode other = TestNode.start(dir, shared("enrollment", TestApp.config().getJsonObject("redis").getString("url")))) {
      Future<io.vertx.core.eventbus.Message<JsonObject>> here = TestApp.get().vertx().eventBus()
        .request("enrollment.internal.runExpiry", new JsonObject());
      Future<io.vertx.core.eventbus.Message<JsonObject>> there = other.vertx().eventBus()
        .request("enrollment.internal.runExpiry", new JsonObject());
      TestApp.await(Future.join(here, there));
      assertEquals(6, here.result().body().getInteger("expired") + there.result().body().getInteger("expired"));
      assertEquals(6, count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'expired'"));
      assertEquals(6, count("SELECT count(*) FROM enrollment.outbox WHERE event_type = 'enrollment.expired'"));
      assertEquals(0, count("SELECT pending FROM enrollment.pending_per_email WHERE email_key = 'late0@example.com'"));
    }
  }
}
