package verticles.ops;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.AppProcess;
import verticles.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged writes survive a crash: a stand-alone node with the embedded servers' defaults takes a burst of 50
 * registrations, and the moment the last 201 arrives the whole process tree (JVM, Redis, PostgreSQL and its
 * backends) is killed with SIGKILL. After a restart on the same data dir every acknowledged registration is there,
 * no registration number was issued twice, and retries with the same idempotency keys answer the registration
 * that exists.
 */
class CrashTest {
  private static final int BURST = 50;

  @Test
  void everyAcknowledgedRegistrationSurvivesAKillOfTheProcessTree(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = AppProcess.standalone(dataDir);
    int port = Integer.parseInt(env.get("ACADEMY_HTTP_PORT"));
    AppProcess node = AppProcess.start(env).awaitReady();
    Api api = Api.at(TestApp.get().vertx(), port);
    String course;
    Map<String, JsonObject> acknowledged = new HashMap<>(); // idempotency key → the 201's data
    Map<String, JsonObject> bodies = new HashMap<>();
    try {
      String admin = login(api);
      course = course(api, admin);
      List<String> keys = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        String key = "crash-" + UUID.randomUUID();
        JsonObject body = registration(course, "applicant" + i + "@example.com", key);
        keys.add(key);
        bodies.put(key, body);
        sent.add(api.call("enrollment.register").body(body).sendAsync());
      }
      TestApp.await(Future.join(sent));
      node.killTree(dataDir); // right after the last answer
      for (int i = 0; i < BURST; i++) {
        Response r = api.call("enrollment.register").checked(sent.get(i).result());
        assertEquals(201, r.status(), r.toString());
        acknowledged.put(keys.get(i), r.data());
      }
    } finally {
      if (node.process.isAlive()) node.killTree(dataDir);
    }
    assertFalse(AppProcess.postmaster(dataDir).isPresent(), "PostgreSQL was killed too");

    AppProcess restarted = AppProcess.start(env).awaitReady();
    try {
      Set<String> numbers = new HashSet<>();
      try (Connection c = connect(dataDir, env); Statement s = c.createStatement()) {
        for (JsonObject data : acknowledged.values()) {
          try (ResultSet rs = s.executeQuery("SELECT registration_number FROM enrollment.enrollments WHERE id = '"
            + data.getString("enrollment_id") + "'")) {
            assertTrue(rs.next(), "acknowledged registration " + data.getString("registration_number") + " survived");
            assertEquals(data.getString("registration_number"), rs.getString(1));
          }
          assertTrue(numbers.add(data.getString("registration_number")), "a number acknowledged twice");
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT registration_number) FROM enrollment.enrollments")) {
          rs.next();
          assertEquals(BURST, rs.getInt(1));
          assertEquals(BURST, rs.getInt(2));
        }
      }
      for (var entry : acknowledged.entrySet()) {
        Response replay = api.call("enrollment.register").body(bodies.get(entry.getKey())).send();
        assertEquals(201, replay.status(), replay.toString());
        assertEquals(entry.getValue().getString("enrollment_id"), replay.data().getString("enrollment_id"));
        assertEquals(entry.getValue().getString("registration_number"), replay.data().getString("registration_number"));
      }
      for (int i = 0; i < 5; i++) {
        Response fresh = api.call("enrollment.register").body(registration(course, "after" + i + "@example.com",
          "after-" + UUID.randomUUID())).send();
        assertEquals(201, fresh.status(), fresh.toString());
        assertFalse(numbers.contains(fresh.data().getString("registration_number")), "a number was issued again");
      }
    } finally {
      restarted.stop();
    }
  }

  private static String login(Api api) {
    Response r = api.call("auth.login")
      .body(new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD)).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonObject("tokens").getString("access_token");
  }

  private static String course(Api api, String admin) {
    Response r = api.call("catalog.createCourse").token(admin).body(new JsonObject()
      .put("title", "Crash Piano").put("description", "Durable registrations").put("level", "beginner")
      .put("instrument", "piano").put("price_per_session", 500000).put("duration_minutes", 60)
      .put("max_students", 100).put("is_active", true)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  static JsonObject registration(String course, String email, String key) {
    return new JsonObject()
      .put("full_name", "Budi Santoso").put("wa_number", "081234567890").put("email", email)
      .put("course_id", course).put("experience_level", "beginner")
      .put("time_preferences", "Weekend pagi").put("preferred_days", new JsonArray().add("saturday"))
      .put("preferred_time_range", new JsonObject().put("start", "09:00").put("end", "11:00"))
      .put("start_date_target", "2026-12-01")
      .put("guardian", new JsonObject().put("name", "Ibu Rina").put("wa_number", "+628111111111"))
      .put("instrument_owned", true).put("consent", true)
      .put("captcha_token", "not-checked").put("idempotency_key", key);
  }

  /** The node's database, with the password the embedded server was given (data dir, 0600). */
  static Connection connect(Path dataDir, Map<String, String> env) throws Exception {
    String password = Files.readString(dataDir.resolve("postgres.password")).trim();
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + env.get("ACADEMY_DATABASE_EMBEDDED_PORT")
      + "/academy", "postgres", password);
  }
}
