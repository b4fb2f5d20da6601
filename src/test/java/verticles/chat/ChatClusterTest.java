package verticles.chat;

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

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two clustered nodes: the guest's bridge on node A (with the chat verticle), staff on node B; both ways. */
class ChatClusterTest {

  @BeforeEach
  void clean() {
    Chats.reset();
  }

  @Test
  void aGuestOnOneNodeAndStaffOnAnotherTalkBothWays(@TempDir Path dataA, @TempDir Path dataB) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", "academy-chat-test-" + java.util.UUID.randomUUID());
    env.put("ACADEMY_ROLES", "http,auth,chat");
    try (TestNode a = TestNode.start(dataA, env); TestNode b = TestNode.start(dataB, TestNode.withRoles(env, "http,auth"))) {
      Api apiA = a.api(), apiB = b.api();
      Chats.Account ina = Chats.account("instructor", "ina@example.com");
      JsonObject s = Chats.guestSession(apiA, "Budi", "budi@example.com");
      String address = "chat.session." + s.getString("session_id"), guestToken = s.getString("chat_token");
      Response fromB = apiB.call("chat.getSession").path("id", s.getString("session_id")).token(ina.token()).send();
      assertEquals(200, fromB.status(), "node B reaches the chat verticle on node A: " + fromB);

      try (BridgeClient guest = BridgeClient.connect(a.vertx(), a.port()); BridgeClient staff = BridgeClient.connect(b.vertx(), b.port())) {
        staff.registered("chat.inbox", ina.token());
        staff.registered(address, ina.token());
        guest.registered(address, guestToken);
        guest.reply(guest.send(address, guestToken, new JsonObject().put("type", "handoff")));

        guest.reply(guest.send(address, guestToken, BridgeClient.message("Hello from node A")));
        staff.push("chat.inbox", "new_message", m -> "Hello from node A".equals(m.getString("content")));
        staff.push(address, "new_message", m -> "Hello from node A".equals(m.getString("content")));

        JsonObject delivered = staff.reply(staff.send(address, ina.token(), BridgeClient.message("Hello from node B")));
        assertEquals("message_delivered", delivered.getString("type"));
        JsonObject reply = guest.push(address, "new_message", m -> "Hello from node B".equals(m.getString("content")));
        assertEquals("assistant", reply.getString("role"));
        assertEquals(ina.id(), reply.getJsonObject("sender").getString("id"));
      }
    }
  }
}
