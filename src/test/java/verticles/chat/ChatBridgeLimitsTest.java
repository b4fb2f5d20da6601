package verticles.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, items 10 and 11: budgets per socket and per session for every frame type, typing coalesced, read
 * receipts only forward, and messages stored and pushed in the order one socket sent them (WebSocket and xhr).
 */
class ChatBridgeLimitsTest {
  private final Vertx vertx = TestApp.get().vertx();
  private final int port = TestApp.port();

  @BeforeEach
  void clean() {
    Chats.reset();
  }

  private static String session(JsonObject started) {
    return "chat.session." + started.getString("session_id");
  }

  private static JsonObject typing(boolean on) {
    return new JsonObject().put("type", "typing").put("data", new JsonObject().put("is_typing", on));
  }

  private static JsonObject read(String messageId) {
    return new JsonObject().put("type", "message_read").put("data", new JsonObject().put("message_id", messageId));
  }

  /**
   * Sends the bodies back to back, in chunks of 40 (the bridge itself refuses more than 50 sends awaiting a reply
   * per socket), and collects every answer: [accepted, refused with 429].
   */
  private static int[] flood(BridgeClient client, String address, String token, List<JsonObject> bodies) {
    int accepted = 0, refused = 0;
    for (int from = 0; from < bodies.size(); from += 40) {
      List<JsonObject> frames = new ArrayList<>();
      for (JsonObject body : bodies.subList(from, Math.min(bodies.size(), from + 40))) {
        frames.add(BridgeClient.sendFrame(address, token, body));
      }
      client.writeAll(frames);
      for (JsonObject frame : frames) {
        JsonObject answer = client.answer(frame.getString("replyAddress"));
        if ("rec".equals(answer.getString("type"))) {
          accepted++;
        } else {
          assertEquals(429, answer.getInteger("failureCode"), answer.encode());
          JsonObject error = new JsonObject(answer.getString("message"));
          assertEquals("RATE_LIMIT_EXCEEDED", error.getString("code"));
          assertTrue(error.getJsonObject("details").getInteger("retry_after") >= 1, error.encode());
          refused++;
        }
      }
    }
    return new int[]{accepted, refused};
  }

  /** Frames of this type the client received on the address and has not taken. */
  private static long pushes(BridgeClient client, String address, String type) {
    return client.pending().stream().filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"))
      && f.getJsonObject("body") != null && type.equals(f.getJsonObject("body").getString("type"))).count();
  }

  /** A message from the guest that staff must see: everything pushed before it has reached them too. */
  private static void marker(BridgeClient guest, BridgeClient staff, JsonObject s, String text) {
    guest.reply(guest.send(session(s), s.getString("chat_token"), BridgeClient.message(text)));
    staff.push(session(s), "new_message", m -> text.equals(m.getString("content")));
  }

  @Test
  void twoThousandTypingFramesAreRefusedOverBudgetAndCoalesced() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    try (BridgeClient guest = BridgeClient.connect(vertx, port); BridgeClient staff = BridgeClient.connect(vertx, port)) {
      guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
      staff.registered(session(s), TestUsers.adminToken());
      List<JsonObject> bodies = new ArrayList<>();
      for (int i = 0; i < 2000; i++) bodies.add(typing(i % 2 == 0));
      int[] outcome = flood(guest, session(s), token, bodies);
      assertEquals(2000, outcome[0] + outcome[1]);
      assertTrue(outcome[1] >= 1000, "most of a flood is refused: accepted " + outcome[0]);
      marker(guest, staff, s, "done typing");
      long typingPushes = pushes(staff, session(s), "typing");
      assertTrue(typingPushes >= 1 && typingPushes <= outcome[0], "pushed " + typingPushes + " of " + outcome[0] + " accepted");
      assertTrue(typingPushes < 50, "typing is coalesced: " + typingPushes + " pushes");
    }
  }

  @Test
  void readReceiptsOnlyMoveForward() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    String admin = TestUsers.adminToken();
    try (BridgeClient guest = BridgeClient.connect(vertx, port); BridgeClient staff = BridgeClient.connect(vertx, port)) {
      guest.registered(session(s), token);
      staff.registered(session(s), admin);
      guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
      String first = staff.reply(staff.send(session(s), admin, BridgeClient.message("first"))).getJsonObject("data").getString("message_id");
      String second = staff.reply(staff.send(session(s), admin, BridgeClient.message("second"))).getJsonObject("data").getString("message_id");

      // the hand-off notice, "first" and "second"
      assertEquals(3, guest.reply(guest.send(session(s), token, read(second))).getJsonObject("data").getInteger("count"));
      String readAt = readAt(second);
      List<JsonObject> again = new ArrayList<>();
      for (int i = 0; i < 10; i++) again.add(read(i % 2 == 0 ? second : first));
      assertEquals(10, flood(guest, session(s), token, again)[0]);

      marker(guest, staff, s, "all read");
      assertEquals(1, pushes(staff, session(s), "message_read"), "one receipt pushed: " + staff.pending());
      assertEquals(readAt, readAt(second), "the read marker did not move again");
    }
  }

  @Test
  void fiveHundredReadReceiptsAreThrottledAndWriteOnce() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    String admin = TestUsers.adminToken();
    try (BridgeClient guest = BridgeClient.connect(vertx, port); BridgeClient staff = BridgeClient.connect(vertx, port)) {
      staff.registered(session(s), admin);
      guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
      String answer = staff.reply(staff.send(session(s), admin, BridgeClient.message("hello"))).getJsonObject("data").getString("message_id");
      List<JsonObject> receipts = new ArrayList<>();
      for (int i = 0; i < 500; i++) receipts.add(read(answer));
      int[] outcome = flood(guest, session(s), token, receipts);
      assertTrue(outcome[1] >= 250, "most of a flood is refused: accepted " + outcome[0]);
      marker(guest, staff, s, "read it");
      assertEquals(1, pushes(staff, session(s), "message_read"));
    }
  }

  @Test
  void aSessionsBudgetHoldsAcrossItsSockets() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    int perSocket = TestApp.config().getJsonObject("chat").getInteger("socket_frame_burst", 30);
    int perSession = TestApp.config().getJsonObject("chat").getInteger("session_frame_burst", 60);
    int sockets = perSession / perSocket + 2;
    List<BridgeClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < sockets; i++) clients.add(BridgeClient.connect(vertx, port));
      int refused = 0;
      for (BridgeClient client : clients) {
        List<JsonObject> bodies = new ArrayList<>();
        for (int i = 0; i < perSocket; i++) bodies.add(typing(true));
        refused += flood(client, session(s), token, bodies)[1];
      }
      assertTrue(refused >= 1, "each socket stayed within its own budget, the session did not");
    } finally {
      clients.forEach(BridgeClient::close);
    }
  }

  @Test
  void messagesSentBackToBackOverWebSocketAreStoredAndPushedInOrder() {
    try (BridgeClient guest = BridgeClient.connect(vertx, port)) {
      backToBack(guest);
    }
  }

  @Test
  void messagesSentBackToBackOverXhrAreStoredAndPushedInOrder() {
    try (BridgeClient guest = BridgeClient.connectXhr(vertx, port)) {
      backToBack(guest);
    }
  }

  private void backToBack(BridgeClient guest) {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token");
    guest.registered(session(s), token);
    guest.reply(guest.send(session(s), token, new JsonObject().put("type", "handoff")));
    List<String> sent = new ArrayList<>();
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      sent.add("message " + i);
      bodies.add(BridgeClient.message("message " + i));
    }
    assertEquals(12, flood(guest, session(s), token, bodies)[0]);
    List<String> pushed = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pushed.add(guest.push(session(s), "new_message", m -> "user".equals(m.getString("role"))).getString("content"));
    }
    assertEquals(sent, pushed, "pushed in the order sent");
    assertEquals(sent, stored(s.getString("session_id")), "stored in the order sent");
  }

  private static List<String> stored(String sessionId) {
    List<String> contents = new ArrayList<>();
    try (Connection c = TestApp.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT content FROM chat.messages WHERE role = 'user' AND session_id = '"
           + sessionId + "' ORDER BY seq")) {
      while (rs.next()) contents.add(rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return contents;
  }

  private static String readAt(String messageId) {
    try (Connection c = TestApp.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT read_at::text FROM chat.messages WHERE id = '" + messageId + "'")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
