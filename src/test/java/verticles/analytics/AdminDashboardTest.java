package verticles.analytics;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GET /api/admin/dashboard: parts from auth, enrollment, catalog and chat; a missing verticle is a missing part. */
class AdminDashboardTest {
  private static KnownAcademy a;

  @BeforeAll
  static void seed() {
    a = KnownAcademy.seed();
  }

  private static Response dashboard(Api api, String token) {
    return api.call("analytics.adminDashboard").token(token).send();
  }

  @Test
  void theDashboardGathersEveryOwnersFigures() {
    Response r = dashboard(Api.get(), a.adminToken);
    assertEquals(200, r.status(), r.toString());
    JsonObject data = r.data();
    JsonObject stats = data.getJsonObject("stats");
    assertEquals(4L, stats.getLong("total_students"));
    assertEquals(3L, stats.getLong("total_teachers"), "every live instructor account, pending ones too");
    assertEquals(1L, stats.getLong("pending_bookings"));
    assertEquals(2L, stats.getLong("courses_available"), "Drums is inactive");
    JsonArray pending = data.getJsonArray("pending_bookings");
    assertEquals(1, pending.size());
    assertEquals(a.e3, pending.getJsonObject(0).getString("id"));
    JsonArray recent = data.getJsonArray("recent_registrations");
    assertEquals(7, recent.size());
    assertEquals(a.e7, recent.getJsonObject(0).getString("id"), "newest first");
    JsonArray unavailable = data.getJsonArray("unavailable");
    for (String owner : new String[] {"auth", "enrollment", "catalog", "chat"}) {
      assertFalse(unavailable.contains(owner), owner + " answered: " + unavailable);
    }
    // the chat verticle answers with its open conversations (the list shows at most 10 of them)
    long open = stats.getLong("active_chats");
    assertEquals(Math.min(open, 10), data.getJsonArray("active_sessions").size());
  }

  @Test
  void theDashboardIsForAdminsOnly() {
    assertEquals(403, dashboard(Api.get(), a.i1Token).status());
    assertEquals(403, dashboard(Api.get(), a.s1Token).status());
    assertEquals(401, Api.get().call("analytics.adminDashboard").send().status());
  }

  @Test
  void aDashboardStillAnswersWhenTheChatVerticleIsNotDeployed(@TempDir Path dataDir) throws Exception {
    try (TestNode node = TestNode.start(dataDir, roles("http,auth,catalog,enrollment,analytics"))) {
      Api api = node.api();
      Response r = dashboard(api, a.adminToken);
      assertEquals(200, r.status(), r.toString());
      assertEquals(new JsonObject().put("total_students", 4).put("total_teachers", 3).put("pending_bookings", 1)
        .putNull("active_chats").put("courses_available", 2), r.data().getJsonObject("stats"));
      assertNull(r.data().getJsonArray("active_sessions"));
      assertEquals(new JsonArray().add("chat"), r.data().getJsonArray("unavailable"));
      assertEquals(1, r.data().getJsonArray("pending_bookings").size());

      // once something answers chat.internal.dashboard, its figures appear
      JsonArray sessions = new JsonArray().add(new JsonObject().put("id", "session-1").put("status", "active"));
      MessageConsumer<JsonObject> chat = node.vertx().eventBus().consumer("chat.internal.dashboard",
        m -> m.reply(new JsonObject().put("active_chats", 1).put("active_sessions", sessions)));
      TestApp.await(chat.completion());
      try {
        Response withChat = dashboard(api, a.adminToken);
        assertEquals(1L, withChat.data().getJsonObject("stats").getLong("active_chats"));
        assertEquals(sessions, withChat.data().getJsonArray("active_sessions"));
        assertEquals(new JsonArray(), withChat.data().getJsonArray("unavailable"));
      } finally {
        TestApp.await(chat.unregister());
      }
    }
  }

  @Test
  void everyMissingOwnerIsAMissingPartNeverA500(@TempDir Path dataDir) throws Exception {
    try (TestNode node = TestNode.start(dataDir, roles("http,auth,analytics"))) {
      Api api = node.api();
      Response r = dashboard(api, a.adminToken);
      assertEquals(200, r.status(), r.toString());
      assertEquals(new JsonObject().put("total_students", 4).put("total_teachers", 3).putNull("pending_bookings")
        .putNull("active_chats").putNull("courses_available"), r.data().getJsonObject("stats"));
      assertNull(r.data().getJsonArray("pending_bookings"));
      assertNull(r.data().getJsonArray("recent_registrations"));
      assertEquals(new JsonArray().add("enrollment").add("catalog").add("chat"), r.data().getJsonArray("unavailable"));
    }
  }

  /** Settings of a node on the shared test database, Redis and JWT key, with only the roles given. */
  private static Map<String, String> roles(String roles) {
    return TestNode.withRoles(TestApp.sharedEnv(), roles);
  }
}
