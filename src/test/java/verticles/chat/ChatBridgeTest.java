package verticles.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SockJS event-bus bridge with raw frames: deny by default, tokens per frame, limits, persistence, live pushes. */
class ChatBridgeTest {
  private final Vertx vertx = TestApp.get().vertx();
  private final int port = TestApp.port();

  @BeforeEach
  void clean() {
    Chats.reset();
  }

  private static String session(JsonObject started) {
    return "chat.session." + started.getString("session_id");
  }

  @Test
  void aGuestTalksOnItsOwnSessionAndEveryAcknowledgedMessageIsStored() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(vertx, port)) {
      guest.registered(session(s), token);
      guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
      String reply = guest.send(session(s), token, BridgeClient.message("Halo, saya mau tanya tentang kelas piano"));
      JsonObject delivered = guest.reply(reply);
      assertEquals("message_delivered", delivered.getString("type"));
      String id = delivered.getJsonObject("data").getString("message_id");
      assertNotNull(delivered.getJsonObject("data").getString("delivered_at"));
      // acknowledged → already in PostgreSQL
      assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.messages WHERE id = '" + id
        + "' AND content = 'Halo, saya mau tanya tentang kelas piano' AND role = 'user'"));
      JsonObject pushed = guest.push(session(s), "new_message", m -> id.equals(m.getString("id")));
      assertEquals("user", pushed.getString("role"));
      assertEquals(s.getString("session_id"), pushed.getString("session_id"));
    }
  }

  @Test
  void aGuestCannotReachAnotherSessionStaffAddressesOrAnythingElse() {
    JsonObject mine = Chats.guestSession("Ani", "ani@example.com");
    JsonObject other = Chats.guestSession("Bayu", "bayu@example.com");
    String token = mine.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(vertx, port)) {
      guest.register(session(other), token);
      assertEquals("access_denied", guest.refusal());
      guest.register("chat.inbox", token);
      assertEquals("access_denied", guest.refusal());
      guest.send(session(other), token, BridgeClient.message("psst"));
      assertEquals("access_denied", guest.refusal());
      guest.send("chat.inbox", token, BridgeClient.message("hello staff"));
      assertEquals("access_denied", guest.refusal());
      guest.send("chat.internal.frame", token, BridgeClient.message("forged"));
      assertEquals("access_denied", guest.refusal());
      guest.send("auth.login", token, new JsonObject().put("email", "a@b.c"));
      assertEquals("access_denied", guest.refusal());
      guest.register("events.chat.message.sent", token);
      assertEquals("access_denied", guest.refusal());
      guest.write(new JsonObject().put("type", "publish").put("address", session(mine)).put("body", BridgeClient.message("x"))
        .put("headers", new JsonObject().put("authorization", "Bearer " + token)));
      assertEquals("access_denied", guest.refusal());
      guest.register(session(mine), null);
      assertEquals("access_denied", guest.refusal(), "no token, no registration");
    }
    assertEquals(0L, TestApp.count("SELECT count(*) FROM chat.messages"), "nothing got through");
  }

  @Test
  void expiredForeignAndAccessTokensAreNoChatTokens() {
    JsonObject mine = Chats.guestSession("Ani", "ani@example.com");
    JsonObject other = Chats.guestSession("Bayu", "bayu@example.com");
    Chats.Account student = Chats.account("student", "siswa@example.com");
    try (BridgeClient client = BridgeClient.connect(vertx, port)) {
      client.register(session(mine), ChatApiTest.expiredChatToken(mine.getString("session_id")));
      assertEquals("access_denied", client.refusal());
      client.register(session(mine), other.getString("chat_token"));
      assertEquals("access_denied", client.refusal());
      client.register(session(mine), student.token());
      assertEquals("access_denied", client.refusal());
      client.send(session(mine), ChatApiTest.expiredChatToken(mine.getString("session_id")), BridgeClient.message("hi"));
      assertEquals("access_denied", client.refusal());
      client.registered(session(mine), mine.getString("chat_token"));
    }
  }

  /**
   * Issue 13: a socket checks its visitor's chat token once, not per frame — and what it remembers opens only that
   * token's own session, and only until the token expires.
   */
  @Test
  void aProvenChatTokenOpensOnlyItsSessionAndOnlyUntilItExpires() {
    JsonObject mine = Chats.guestSession("Citra", "citra@example.com");
    JsonObject other = Chats.guestSession("Dewi", "dewi@example.com");
    long exp = System.currentTimeMillis() / 1000 + 8;
    String token = ChatApiTest.chatToken(mine.getString("session_id"), exp);
    try (BridgeClient client = BridgeClient.connect(vertx, port)) {
      assertEquals("message_delivered", client.reply(client.send(session(mine), token, BridgeClient.message("first"))).getString("type"));
      assertEquals("message_delivered", client.reply(client.send(session(mine), token, BridgeClient.message("second"))).getString("type"));
      client.send(session(other), token, BridgeClient.message("not mine"));
      assertEquals("access_denied", client.refusal(), "the proven token is still not the other session's");
      client.send(session(mine), token + "x", BridgeClient.message("another token"));
      assertEquals("access_denied", client.refusal(), "only the proven token itself skips the check");
      // a staff member's frames on the same socket stay the staff member's, checked each time
      Chats.Account admin = Chats.account("admin", "proof-admin@example.com");
      client.reply(client.send(session(mine), admin.token(), BridgeClient.message("staff one")));
      client.reply(client.send(session(mine), admin.token(), BridgeClient.message("staff two")));
      // wait for the token's expiry instant itself (a clock condition, not a guess at how long work takes)
      TestApp.await(vertx.timer(Math.max(1, exp * 1000 + 1000 - System.currentTimeMillis())));
      client.send(session(mine), token, BridgeClient.message("expired"));
      assertEquals("access_denied", client.refusal(), "an expired token is refused although the socket proved it");
    }
    assertEquals(2L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'user' AND session_id = '"
      + mine.getString("session_id") + "'"));
    assertEquals(2L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role <> 'user' AND sender_id IS NOT NULL"
      + " AND content LIKE 'staff %' AND session_id = '" + mine.getString("session_id") + "'"));
    assertEquals(0L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'user' AND session_id = '"
      + other.getString("session_id") + "'"));
  }

  /** Issue 12, item 5, over the bridge: a NUL or a lone surrogate in a frame is refused, nothing stored. */
  @Test
  void textPostgresCannotStoreIsRefusedOverTheBridge() {
    JsonObject s = Chats.guestSession("Sari", "sari@example.com");
    String token = s.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(vertx, port)) {
      JsonObject nul = guest.failure(guest.send(session(s), token, BridgeClient.message("a\u0000b")));
      assertEquals(400, nul.getInteger("failureCode"));
      assertEquals("VALIDATION_INVALID_ENCODING", new JsonObject(nul.getString("message")).getString("code"));
      String reply = "lone-surrogate-reply";
      guest.writeText(new JsonObject().put("type", "send").put("address", session(s)).put("replyAddress", reply)
        .put("headers", new JsonObject().put("authorization", "Bearer " + token))
        .put("body", BridgeClient.message("LONE")).encode().replace("LONE", "\\ud800"));
      JsonObject lone = guest.failure(reply);
      assertEquals(400, lone.getInteger("failureCode"));
      assertEquals("VALIDATION_INVALID_ENCODING", new JsonObject(lone.getString("message")).getString("code"));
    }
    assertEquals(0L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'user' AND session_id = '"
      + s.getString("session_id") + "'"));
  }

  @Test
  void oversizeFramesAndContentAreRefused() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(vertx, port)) {
      JsonObject tooLong = guest.failure(guest.send(session(s), token, BridgeClient.message("a".repeat(2001))));
      assertEquals(400, tooLong.getInteger("failureCode"));
      assertEquals("VALIDATION_ERROR", new JsonObject(tooLong.getString("message")).getString("code"));
      JsonObject huge = guest.failure(guest.send(session(s), token, BridgeClient.message("b".repeat(20_000))));
      assertEquals(413, huge.getInteger("failureCode"));
      assertEquals("PAYLOAD_TOO_LARGE", new JsonObject(huge.getString("message")).getString("code"));
      JsonObject fine = guest.reply(guest.send(session(s), token, BridgeClient.message("c".repeat(2000))));
      assertEquals("message_delivered", fine.getString("type"));
    }
    assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'user'"));
  }

  @Test
  void twentyMessagesAMinuteThenRateLimited() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(vertx, port)) {
      guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
      for (int i = 1; i <= 20; i++) {
        assertEquals("message_delivered", guest.reply(guest.send(session(s), token, BridgeClient.message("m" + i))).getString("type"));
      }
      JsonObject limited = guest.failure(guest.send(session(s), token, BridgeClient.message("m21")));
      assertEquals(429, limited.getInteger("failureCode"));
      JsonObject error = new JsonObject(limited.getString("message"));
      assertEquals("RATE_LIMIT_EXCEEDED", error.getString("code"));
      int retry = error.getJsonObject("details").getInteger("retry_after");
      assertTrue(retry >= 1 && retry <= 60, error.encode());
    }
    assertEquals(20L, TestApp.count("SELECT count(*) FROM chat.messages WHERE role = 'user'"));
  }

  @Test
  void socketsFromForeignOriginsAreClosed() {
    Throwable refused = BridgeClient.refused(vertx, port, "http://evil.example");
    assertNotNull(refused, "a foreign origin gets no socket");
    assertTrue(refused.getMessage().contains("403"), refused.toString());
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    try (BridgeClient same = BridgeClient.connect(vertx, port, "http://127.0.0.1:" + port)) {
      same.registered(session(s), s.getString("chat_token"));
      assertFalse(same.closed().isComplete());
    }
  }

  @Test
  void staffSeeTheInboxLiveAndTheConversationFlowsBothWays() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject s = Chats.guestSession(Api.get(), "Budi", "budi@example.com", "en"); // an English conversation
    String guestToken = s.getString("chat_token");
    try (BridgeClient staff = BridgeClient.connect(vertx, port); BridgeClient guest = BridgeClient.connect(vertx, port)) {
      staff.registered("chat.inbox", ina.token());
      guest.registered(session(s), guestToken);
      JsonObject fresh = Chats.guestSession("Sari", "sari@example.com");
      assertEquals("Sari", staff.push("chat.inbox", "session_created",
        d -> fresh.getString("session_id").equals(d.getString("id"))).getJsonObject("user").getString("full_name"));

      guest.reply(guest.send(session(s), guestToken, new JsonObject().put("type", "handoff")));
      guest.reply(guest.send(session(s), guestToken, BridgeClient.message("Is the piano class full?")));
      JsonObject inInbox = staff.push("chat.inbox", "new_message", m -> "Is the piano class full?".equals(m.getString("content")));
      assertEquals(s.getString("session_id"), inInbox.getString("session_id"));

      staff.registered(session(s), ina.token());
      guest.reply(guest.send(session(s), guestToken, new JsonObject().put("type", "typing").put("data", new JsonObject().put("is_typing", true))));
      assertEquals("user", staff.push(session(s), "typing", d -> true).getString("role"));

      JsonObject sent = staff.reply(staff.send(session(s), ina.token(), BridgeClient.message("<b>Not yet</b> — 2 seats left")));
      assertEquals("message_delivered", sent.getString("type"));
      JsonObject answer = guest.push(session(s), "new_message", m -> "assistant".equals(m.getString("role")) && !m.getBoolean("bot"));
      assertEquals("<b>Not yet</b> — 2 seats left", answer.getString("content"), "stored and pushed as text, never as markup");
      assertEquals(ina.id(), answer.getJsonObject("sender").getString("id"));

      guest.reply(guest.send(session(s), guestToken, new JsonObject().put("type", "message_read")
        .put("data", new JsonObject().put("message_id", answer.getString("id")))));
      JsonObject read = staff.push(session(s), "message_read", d -> answer.getString("id").equals(d.getString("message_id")));
      assertEquals("user", read.getString("reader_role"));
      assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.messages WHERE id = '" + answer.getString("id") + "' AND read_at IS NOT NULL"));

      staff.reply(staff.send(session(s), ina.token(), new JsonObject().put("type", "close_session")));
      JsonObject closed = guest.push(session(s), "session_closed", d -> true);
      assertEquals("Closed by staff", closed.getString("reason"));
      assertNotNull(closed.getString("closed_at"));
      JsonObject refused = guest.failure(guest.send(session(s), guestToken, BridgeClient.message("wait!")));
      assertEquals(409, refused.getInteger("failureCode"));
    }
  }

  /**
   * Issue 20: an err frame's texts speak the socket's language — Indonesian by default, English when the socket was
   * opened with {@code ?lang=en} or its handshake's Accept-Language prefers English; codes and fields never change.
   */
  /**
   * Issue 20: a conversation's transcript speaks the language it was started in — Indonesian by default, English when
   * the starting request asked for it — whatever the socket speaks: the hand-off notice, "… joined", the default
   * close reason and the closing notice.
   */
  @Test
  void noticesAndCloseReasonsSpeakTheSessionsLanguage() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject indonesian = Chats.guestSession(Api.get(), "Budi", "budi@example.com", null);
    JsonObject english = Chats.guestSession(Api.get(), "Sari", "sari@example.com", "en-US,en;q=0.9");
    assertEquals("id", indonesian.getJsonObject("session").getString("language"));
    assertEquals("en", english.getJsonObject("session").getString("language"));
    // the office hours follow the wall clock here: the hand-off notice is the one for open or for closed hours
    OfficeHours hours = OfficeHours.from(TestApp.config());
    Notices notices = new Notices(hours, "", "");
    for (JsonObject s : List.of(indonesian, english)) {
      String language = s.getJsonObject("session").getString("language"), token = s.getString("chat_token");
      boolean id = "id".equals(language);
      try (BridgeClient guest = BridgeClient.connect(vertx, port)) { // the socket speaks Indonesian: the session decides
        guest.registered(session(s), token);
        guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
        String handoff = guest.push(session(s), "new_message", m -> "system".equals(m.getString("role"))).getString("content");
        assertTrue(List.of(notices.handoff(true, false, language), notices.handoff(false, false, language)).contains(handoff), handoff);
        assertTrue(id ? handoff.startsWith("Kami sudah memberi tahu tim kami") || handoff.startsWith("Tim kami sedang tidak aktif")
          : handoff.startsWith("We've let our team know") || handoff.startsWith("Our team is offline"), handoff);

        assertEquals(200, Api.get().call("chat.assignSession").path("id", s.getString("session_id")).token(ina.token())
          .header("Accept-Language", id ? "en" : "id").send().status());
        String joined = guest.push(session(s), "new_message", m -> "system".equals(m.getString("role"))
          && !handoff.equals(m.getString("content"))).getString("content");
        assertTrue(joined.endsWith(id ? " bergabung dalam percakapan." : " joined the conversation."), joined);

        guest.reply(guest.send(session(s), token, new JsonObject().put("type", "close_session")));
        assertEquals(id ? "Ditutup oleh pengunjung" : "Closed by the visitor",
          guest.push(session(s), "session_closed", d -> true).getString("reason"));
        guest.push(session(s), "new_message", m -> (id ? "Chat ditutup: Ditutup oleh pengunjung" : "Chat closed: Closed by the visitor")
          .equals(m.getString("content")));
      }
    }
  }

  @Test
  void errFramesSpeakTheSocketsLanguage() {
    JsonObject s = Chats.guestSession("Sari", "sari@example.com");
    String token = s.getString("chat_token");
    try (BridgeClient id = BridgeClient.connect(vertx, port); BridgeClient en = BridgeClient.connect(vertx, port, null, "?lang=en", null);
         BridgeClient header = BridgeClient.connect(vertx, port, null, "", "en-GB,en;q=0.9")) {
      JsonObject idError = new JsonObject(id.failure(id.send(session(s), token, BridgeClient.message("a".repeat(2001)))).getString("message"));
      assertEquals("VALIDATION_ERROR", idError.getString("code"));
      assertEquals("Permintaan tidak valid. Periksa: content.", idError.getString("error"));
      JsonObject idField = idError.getJsonObject("details").getJsonArray("fields").getJsonObject(0);
      assertEquals("content", idField.getString("field"));
      assertEquals("paling banyak 2000 karakter", idField.getString("message"));
      for (BridgeClient english : List.of(en, header)) {
        JsonObject enError = new JsonObject(english.failure(english.send(session(s), token, BridgeClient.message("a".repeat(2001)))).getString("message"));
        assertEquals("VALIDATION_ERROR", enError.getString("code"));
        assertEquals("The message is longer than 2000 characters", enError.getString("error"));
        assertEquals("at most 2000 characters", enError.getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("message"));
      }
      id.reply(id.send(session(s), token, new JsonObject().put("type", "close_session")));
      JsonObject closedId = new JsonObject(id.failure(id.send(session(s), token, BridgeClient.message("halo?"))).getString("message"));
      assertEquals("CHAT_SESSION_CLOSED", closedId.getString("code"));
      assertEquals("Sesi chat ini sudah ditutup.", closedId.getString("error"));
      JsonObject closedEn = new JsonObject(en.failure(en.send(session(s), token, BridgeClient.message("hello?"))).getString("message"));
      assertEquals("CHAT_SESSION_CLOSED", closedEn.getString("code"));
      assertEquals("This chat session is closed", closedEn.getString("error"));
    }
  }

  @Test
  void anInstructorCannotReplyInAConversationSomeoneElseOwns() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    Chats.Account joko = Chats.account("instructor", "joko@example.com");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    try (BridgeClient staff = BridgeClient.connect(vertx, port)) {
      staff.reply(staff.send(session(s), ina.token(), BridgeClient.message("Ina here")));
      JsonObject refused = staff.failure(staff.send(session(s), joko.token(), BridgeClient.message("Joko here")));
      assertEquals(409, refused.getInteger("failureCode"));
      assertEquals("CHAT_SESSION_ASSIGNED", new JsonObject(refused.getString("message")).getString("code"));
      JsonObject admin = staff.reply(staff.send(session(s), TestUsers.adminToken(), BridgeClient.message("Admin here")));
      assertEquals("message_delivered", admin.getString("type"));
    }
  }

  @Test
  void onlyAdminsListenToTheLiveDashboardAndNobodyTalksOnIt() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    Chats.Account student = Chats.account("student", "siswa@example.com");
    JsonObject guest = Chats.guestSession("Budi", "budi@example.com");
    String admin = TestUsers.adminToken();
    try (BridgeClient allowed = BridgeClient.connect(vertx, port); BridgeClient denied = BridgeClient.connect(vertx, port)) {
      denied.register("live.dashboard", ina.token());
      assertEquals("access_denied", denied.refusal(), "instructors do not see the dashboard");
      denied.register("live.dashboard", student.token());
      assertEquals("access_denied", denied.refusal());
      denied.register("live.dashboard", guest.getString("chat_token"));
      assertEquals("access_denied", denied.refusal(), "a chat token is no access token");
      denied.register("live.dashboard", null);
      assertEquals("access_denied", denied.refusal(), "no token, no registration");
      denied.register("live.dashboard", ChatApiTest.expiredChatToken(guest.getString("session_id")));
      assertEquals("access_denied", denied.refusal());

      allowed.registered("live.dashboard", admin);
      allowed.send("live.dashboard", admin, new JsonObject().put("figures", new JsonObject()));
      assertEquals("access_denied", allowed.refusal(), "even admins may not send on it");
      allowed.write(new JsonObject().put("type", "publish").put("address", "live.dashboard")
        .put("body", new JsonObject().put("figures", new JsonObject()))
        .put("headers", new JsonObject().put("authorization", "Bearer " + admin)));
      assertEquals("access_denied", allowed.refusal(), "nor publish");

      JsonObject update = new JsonObject().put("figures", new JsonObject().put("enrollments", new JsonObject().put("pending", 42)))
        .put("event_type", "test.bridge").put("updated_at", "2026-01-01T00:00:00Z");
      vertx.eventBus().publish("live.dashboard", update);
      JsonObject received = allowed.take(f -> "rec".equals(f.getString("type")) && "live.dashboard".equals(f.getString("address"))
        && "test.bridge".equals(f.getJsonObject("body").getString("event_type")), "the live figures");
      assertEquals(update, received.getJsonObject("body"));
      // the admin's copy arrived; the refused sockets got none
      denied.registered(session(guest), guest.getString("chat_token"));
      assertTrue(denied.pending().stream().noneMatch(f -> "live.dashboard".equals(f.getString("address"))), denied.pending().toString());
    }
  }

  /**
   * An unregister sent right after a register, while the register's token is still being checked, is honoured: frames
   * are decided in the order they came (a hostile client's register, unregister, register, unregister got pushes).
   */
  @Test
  void anUnregisterSentWhileItsRegisterIsCheckedIsHonoured() {
    String admin = TestUsers.adminToken();
    try (BridgeClient socket = BridgeClient.connect(vertx, port)) {
      socket.register("live.dashboard", admin);
      socket.write(new JsonObject().put("type", "unregister").put("address", "live.dashboard"));
      socket.registered("chat.inbox", admin); // decided after the two frames before it
      vertx.eventBus().publish("live.dashboard", new JsonObject().put("figures", new JsonObject()).put("event_type", "test.unregistered"));
      vertx.eventBus().publish("chat.inbox", new JsonObject().put("type", "test.marker"));
      socket.take(f -> "rec".equals(f.getString("type")) && "chat.inbox".equals(f.getString("address"))
        && "test.marker".equals(f.getJsonObject("body").getString("type")), "the inbox push published after the dashboard's");
      assertTrue(socket.pending().stream().noneMatch(f -> "rec".equals(f.getString("type"))
        && "test.unregistered".equals(f.getJsonObject("body").getString("event_type"))), socket.pending().toString());
    }
  }
}
