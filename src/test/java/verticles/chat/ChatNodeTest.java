package verticles.chat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extra nodes on the shared database: the assistant without the catalog, with stand-in schedules and with an
 * LLM stub; office hours that are always closed or always open; a node stopping right after acknowledging.
 */
class ChatNodeTest {

  @BeforeEach
  void clean() {
    Chats.reset();
  }



  private static String course(Api api, String admin, String title, long price) {
    Response r = api.call("catalog.createCourse").token(admin).body(new JsonObject().put("title", title)
      .put("description", "Chords and rhythm.").put("level", "beginner").put("instrument", "Guitar")
      .put("price_per_session", price).put("duration_minutes", 45).put("max_students", 4)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  private static Response ask(Api api, JsonObject session, String content) {
    return api.call("chat.sendMessage").path("id", session.getString("session_id")).token(session.getString("chat_token"))
      .body(new JsonObject().put("content", content)).send();
  }


  @Test
  void withoutTheCatalogAndWithoutAnLlmNothingCanAnswer(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,chat");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      JsonObject s = Chats.guestSession(api, "Budi", "budi@example.com");
      Response r = ask(api, s, "Which guitar course is for beginners?");
      assertEquals(503, r.status(), r.toString());
      assertEquals("CHATGPT_API_ERROR", r.code());
      assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'user' AND session_id = '"
        + s.getString("session_id") + "'"), "the visitor's message is kept for staff");
    }
  }

  @Test
  void theAssistantQuotesNextSchedulesAndFreeSeatsWhenSchedulingAnswers(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,catalog,chat");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      String id = course(api, node.adminToken(), "Guitar Starter", 125_000);
      JsonObject s = Chats.guestSession(api, "Budi", "budi@example.com");

      String withoutScheduling = ask(api, s, "guitar for beginners?").data().getJsonObject("assistant_message").getString("content");
      assertTrue(withoutScheduling.contains("Guitar Starter") && withoutScheduling.contains("Rp 125.000"), withoutScheduling);
      assertFalse(withoutScheduling.contains("Next classes"), "scheduling is down: no schedule claims");

      JsonObject schedule = new JsonObject().put("id", java.util.UUID.randomUUID().toString())
        .put("start_time", "2030-10-15T03:00:00Z").put("end_time", "2030-10-15T03:45:00Z")
        .put("enrolled_students", 2).put("available_slots", 2);
      TestApp.await(node.vertx().eventBus().<JsonObject>consumer("scheduling.internal.upcomingForCourse", m ->
        m.reply(new JsonObject().put("schedules", id.equals(m.body().getString("course_id"))
          ? new JsonArray().add(schedule) : new JsonArray()))).completion());
      String withSchedules = ask(api, s, "When is the next guitar class?").data().getJsonObject("assistant_message").getString("content");
      assertTrue(withSchedules.contains("15 Oct 10:00 (2 seats free)"), "10:00 in Asia/Jakarta: " + withSchedules);
    }
  }

  @Test
  void anLlmPhrasesTheCatalogAnswerAndItsFailureFallsBackToIt(@TempDir Path dataDir) throws Exception {
    Vertx vertx = TestApp.get().vertx();
    List<JsonObject> asked = new CopyOnWriteArrayList<>();
    AtomicBoolean failing = new AtomicBoolean(false);
    HttpServer llm = TestApp.await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      asked.add(body.toJsonObject());
      if (failing.get()) {
        req.response().setStatusCode(500).end();
        return;
      }
      req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("choices", new JsonArray()
        .add(new JsonObject().put("message", new JsonObject().put("role", "assistant")
          .put("content", "Try Guitar Starter, only Rp 125.000 a session!")))).encode());
    })).listen(0, "127.0.0.1"));
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,catalog,chat");
    env.put("ACADEMY_CHAT_LLM_URL", "http://127.0.0.1:" + llm.actualPort() + "/v1/chat/completions");
    env.put("ACADEMY_CHAT_LLM_API_KEY", "test-key");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      course(api, node.adminToken(), "Guitar Starter", 125_000);
      JsonObject s = Chats.guestSession(api, "Budi", "budi@example.com");

      Response phrased = ask(api, s, "cheap guitar lessons?");
      assertEquals("Try Guitar Starter, only Rp 125.000 a session!", phrased.data().getJsonObject("assistant_message").getString("content"));
      String facts = asked.get(0).getJsonArray("messages").getJsonObject(1).getString("content");
      assertTrue(facts.contains("Guitar Starter") && facts.contains("Rp 125.000"), "the LLM gets the catalog facts: " + facts);

      failing.set(true);
      Response fallback = ask(api, s, "cheap guitar lessons again?");
      String text = fallback.data().getJsonObject("assistant_message").getString("content");
      assertTrue(text.startsWith("Here is what I found in our catalog") && text.contains("Rp 125.000"), text);
    } finally {
      TestApp.await(llm.close());
    }
  }

  @Test
  void outsideOfficeHoursTheVisitorIsToldOnceAndTheAssistantAnswersAtOnce(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,catalog,chat");
    env.put("ACADEMY_CHAT_OFFICE_DAYS", "");
    env.put("ACADEMY_CHAT_ASSISTANT_WAIT_SECONDS", "3600");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      course(api, node.adminToken(), "Guitar Starter", 125_000);
      JsonObject s = Chats.guestSession(api, "Budi", "budi@example.com", "en");
      String address = "chat.session." + s.getString("session_id"), token = s.getString("chat_token");
      // issue 20: the notice speaks the session's language, Indonesian by default (also with an English socket)
      JsonObject byDefault = Chats.guestSession(api, "Sari", "sari@example.com");
      String other = "chat.session." + byDefault.getString("session_id");
      try (BridgeClient guest = BridgeClient.connect(node.vertx(), node.port());
           BridgeClient sari = BridgeClient.connect(node.vertx(), node.port(), null, "?lang=en", null)) {
        sari.registered(other, byDefault.getString("chat_token"));
        sari.reply(sari.send(other, byDefault.getString("chat_token"), BridgeClient.message("Kelas gitar ada?")));
        assertEquals("Tim kami sedang tidak aktif. Jam layanan: tidak ada hari 09.00–17.00 (Asia/Jakarta). Percakapan Anda "
            + "menunggu di kotak masuk kami dan kami akan membalas begitu kembali.",
          sari.push(other, "new_message", m -> "system".equals(m.getString("role"))).getString("content"));
        assertTrue(sari.push(other, "new_message", m -> m.getBoolean("bot", false)).getString("content")
          .contains("Guitar Starter"));
        sari.reply(sari.send(other, byDefault.getString("chat_token"), new JsonObject().put("type", "handoff")));
        assertEquals("Kami sudah memberi tahu tim kami; mereka akan membalas begitu kembali.", sari.push(other, "new_message",
          m -> "system".equals(m.getString("role")) && m.getString("content").startsWith("Kami")).getString("content"));

        guest.registered(address, token);
        guest.reply(guest.send(address, token, BridgeClient.message("Do you have guitar lessons?")));
        JsonObject notice = guest.push(address, "new_message", m -> "system".equals(m.getString("role")));
        assertEquals("Our team is offline right now. Office hours: no days 09:00–17:00 (Asia/Jakarta). Your conversation "
          + "waits in our inbox and we reply as soon as we are back.", notice.getString("content"));
        JsonObject answer = guest.push(address, "new_message", m -> m.getBoolean("bot", false));
        assertTrue(answer.getString("content").contains("Guitar Starter"), answer.encode());

        guest.reply(guest.send(address, token, BridgeClient.message("And for kids?")));
        guest.push(address, "new_message", m -> m.getBoolean("bot", false));
      }
      assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'system' AND session_id = '"
        + s.getString("session_id") + "'"), "the office-hours notice is sent once");
    }
  }

  @Test
  void inOfficeHoursTheAssistantStepsInWhenStaffDoNotAnswerInTime(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,catalog,chat");
    env.put("ACADEMY_CHAT_OFFICE_DAYS", "mon,tue,wed,thu,fri,sat,sun");
    env.put("ACADEMY_CHAT_OFFICE_OPEN", "00:00");
    env.put("ACADEMY_CHAT_OFFICE_CLOSE", "24:00");
    env.put("ACADEMY_CHAT_ASSISTANT_WAIT_SECONDS", "0");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      course(api, node.adminToken(), "Guitar Starter", 125_000);
      JsonObject s = Chats.guestSession(api, "Budi", "budi@example.com");
      String address = "chat.session." + s.getString("session_id"), token = s.getString("chat_token");
      try (BridgeClient guest = BridgeClient.connect(node.vertx(), node.port())) {
        guest.registered(address, token);
        guest.reply(guest.send(address, token, BridgeClient.message("guitar price?")));
        JsonObject answer = guest.push(address, "new_message", m -> m.getBoolean("bot", false));
        assertTrue(answer.getString("content").contains("Rp 125.000"), answer.encode());
        assertNull(answer.getJsonObject("sender"));
      }
      assertEquals(0L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'system' AND session_id = '"
        + s.getString("session_id") + "'"), "open: no office-hours notice");
      // issue 20: the hand-off notice of open hours in the session's language, Indonesian by default
      JsonObject english = Chats.guestSession(api, "Sari", "sari@example.com", "en");
      for (JsonObject session : List.of(s, english)) {
        Response handed = api.call("chat.sendMessage").path("id", session.getString("session_id"))
          .token(session.getString("chat_token")).body(new JsonObject().put("content", "talk to a human please")).send();
        assertEquals(201, handed.status(), handed.toString());
        assertEquals(session == s ? "Kami sudah memberi tahu tim kami. Staf kami akan segera bergabung dalam percakapan ini."
            : "We've let our team know. A staff member will join this conversation shortly.",
          handed.data().getJsonArray("system_messages").getJsonObject(0).getString("content"));
      }
    }
  }

  @Test
  void anAcknowledgedMessageSurvivesTheNodeStoppingRightAfter(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,auth,chat");
    TestNode node = TestNode.start(dataDir, env); // stopped by the test itself
    String messageId;
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String address = "chat.session." + s.getString("session_id"), token = s.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(TestApp.get().vertx(), node.port())) {
      guest.reply(guest.send(address, token, new JsonObject().put("type", "handoff")));
      messageId = guest.reply(guest.send(address, token, BridgeClient.message("Please call me back"))).getJsonObject("data")
        .getString("message_id");
      node.close();
      TestApp.await(guest.closed());
    }
    assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.messages WHERE id = '" + messageId
      + "' AND content = 'Please call me back'"));
  }
}
