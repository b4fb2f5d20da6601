package verticles.chat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics live on each node's management port (loopback by default), never on the public port, and their labels
 * are bounded: after chat (REST and bridge) and registration traffic no label value holds an id. Here beside the
 * chat tests because it drives the bridge.
 */
class MetricsTest {
  private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*=\"((?:[^\"\\\\]|\\\\.)*)\"");

  @BeforeEach
  void reset() {
    Chats.reset();
  }

  @Test
  void thePublicPortHasNoMetrics() {
    Response r = Api.get().raw(HttpMethod.GET, "/metrics", null, null);
    assertEquals(404, r.status(), r.toString());
    assertEquals(false, r.json().getBoolean("success"));
    assertTrue(r.json().getString("code") != null && r.json().getString("error") != null, r.toString());
  }

  @Test
  void theManagementPortServesThemOnLoopback() {
    JsonObject metrics = TestApp.config().getJsonObject("metrics");
    assertEquals("127.0.0.1", metrics.getString("host"), "loopback by default");
    assertEquals(200, Api.get().raw(HttpMethod.GET, "/health", null, null).status());
    String text = TestApp.metrics(TestApp.config());
    assertTrue(text.contains("academy_http_requests_seconds_count{"), "HTTP metrics");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
  }

  @Test
  void aMetricsTokenIsRequiredWhenSet(@TempDir Path dir) throws Exception {
    String token = "scraper-token-0123456789-abcdefghijkl";
    Map<String, String> env = TestNode.withRoles(TestApp.sharedEnv(), "http");
    env.put("ACADEMY_METRICS_TOKEN", token);
    try (TestNode node = TestNode.start(dir, env)) {
      JsonObject metrics = node.config().getJsonObject("metrics");
      var client = io.vertx.ext.web.client.WebClient.create(node.vertx());
      try {
        int port = metrics.getInteger("port");
        assertEquals(401, TestApp.await(client.get(port, "127.0.0.1", "/metrics").send()).statusCode());
        assertEquals(401, TestApp.await(client.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication("wrong").send()).statusCode());
        var ok = TestApp.await(client.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication(token).send());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.bodyAsString().contains("jvm_"));
        assertEquals(404, TestApp.await(client.get(port, "127.0.0.1", "/health").send()).statusCode(), "only /metrics");
      } finally {
        client.close();
      }
    }
  }

  @Test
  void noLabelValueHoldsAnIdAfterChatAndRegistrationTraffic() {
    Api api = Api.get();
    Chats.Account staff = Chats.account("admin", "metrics-staff@example.com");
    String course = Chats.course(staff.token(), "Metrics Piano", "beginner", "piano", 100000, "Labels stay bounded");
    for (int i = 0; i < 3; i++) {
      JsonObject session = Chats.guestSession("Visitor " + i, "visitor" + i + "@example.com");
      String id = session.getString("session_id");
      String chatToken = session.getString("chat_token");
      assertEquals(201, api.call("chat.sendMessage").path("id", id).token(chatToken)
        .body(new JsonObject().put("content", "hello " + i)).send().status());
      assertEquals(200, api.call("chat.getSession").path("id", id).token(staff.token()).send().status());
      try (BridgeClient bridge = BridgeClient.connect(TestApp.get().vertx(), TestApp.port())) {
        bridge.registered("chat.session." + id, chatToken);
        bridge.reply(bridge.send("chat.session." + id, chatToken, BridgeClient.message("over the bridge " + i)));
      }
      Response registered = api.call("enrollment.register").body(registration(course, "metrics" + i + "@example.com")).send();
      assertEquals(201, registered.status(), registered.toString());
      assertEquals(404, api.call("catalog.getCourse").path("id", UUID.randomUUID().toString()).send().status());
      api.raw(HttpMethod.GET, "/api/nowhere/" + UUID.randomUUID(), null, null);
    }
    TreeSet<String> withIds = new TreeSet<>();
    for (String line : TestApp.metrics(TestApp.config()).lines().toList()) {
      if (line.startsWith("#")) continue;
      Matcher m = LABEL.matcher(line);
      while (m.find()) if (UUID_LIKE.matcher(m.group(1)).find()) withIds.add(line.substring(0, Math.min(line.length(), 200)));
    }
    assertTrue(withIds.isEmpty(), "label values with ids:\n" + String.join("\n", withIds));
  }

  /**
   * Issue 13: the event bus is counted by BusMetrics under vertx-micrometer's names, every chat session's address in
   * one series — its handlers (the bridge's consumers) and messages.
   */
  @Test
  void chatSessionsShareOneEventBusSeries() {
    Api api = Api.get();
    String before = TestApp.metrics(TestApp.config());
    JsonObject session = Chats.guestSession("Series Visitor", "series@example.com");
    String id = session.getString("session_id");
    String chatToken = session.getString("chat_token");
    try (BridgeClient bridge = BridgeClient.connect(TestApp.get().vertx(), TestApp.port())) {
      bridge.registered("chat.session." + id, chatToken);
      assertEquals(201, api.call("chat.sendMessage").path("id", id).token(chatToken)
        .body(new JsonObject().put("content", "counted once")).send().status());
      bridge.push("chat.session." + id, "new_message", data -> true); // the push went through the bridge's consumer
      String during = TestApp.metrics(TestApp.config());
      assertTrue(value(during, "vertx_eventbus_handlers{address=\"chat.session.*\"}") >= 1, "the bridge's consumer");
      String published = "vertx_eventbus_published_total{address=\"chat.session.*\",side=\"local\"}";
      assertTrue(value(during, published) >= value(before, published) + 1, published);
      String processed = "vertx_eventbus_processed_total{address=\"chat.session.*\",side=\"local\"}";
      assertTrue(value(during, processed) >= value(before, processed) + 1, processed);
    }
    assertTrue(TestApp.metrics(TestApp.config()).contains("vertx_eventbus_sent_total{address=\"chat."),
      "point-to-point chat requests are counted by their own address");
  }

  /** The sample's value, 0 when the series is not there yet. */
  private static double value(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
      .findFirst().orElse(0);
  }

  private static JsonObject registration(String course, String email) {
    return new JsonObject()
      .put("full_name", "Budi Santoso").put("wa_number", "081234567890").put("email", email)
      .put("course_id", course).put("experience_level", "beginner")
      .put("time_preferences", "Weekend pagi").put("preferred_days", new JsonArray().add("saturday"))
      .put("preferred_time_range", new JsonObject().put("start", "09:00").put("end", "11:00"))
      .put("start_date_target", "2026-12-01")
      .put("guardian", new JsonObject().put("name", "Ibu Rina").put("wa_number", "+628111111111"))
      .put("instrument_owned", true).put("consent", true)
      .put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", "key-" + UUID.randomUUID());
  }
}
