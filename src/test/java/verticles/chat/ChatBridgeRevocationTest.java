package verticles.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.infra.Jwt;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 9: a bridge registration lives no longer than the token that made it. Logout, a role change and
 * expiry end it: nothing more is delivered on it (visitor names, emails, messages) and the socket is told why.
 */
class ChatBridgeRevocationTest {
  private final Vertx vertx = TestApp.get().vertx();
  private final int port = TestApp.port();

  @BeforeEach
  void clean() {
    Chats.reset();
  }

  private static String session(JsonObject started) {
    return "chat.session." + started.getString("session_id");
  }

  private static JsonObject unregistered(BridgeClient client, String address) {
    return client.take(f -> "unregistered".equals(f.getString("type")) && address.equals(f.getString("address")),
      "unregistered " + address).getJsonObject("body");
  }

  /**
   * After a new visitor and a new message reached a watcher, with the ended socket's own round trip behind it:
   * neither reached the ended socket.
   */
  private static void nothingDelivered(BridgeClient ended, String token) {
    ended.register("chat.inbox", token);
    assertEquals("access_denied", ended.refusal(), "the revoked token registers no more");
    // (frames pushed while the registration still lived, e.g. another test's last typing state, may be there)
    assertTrue(ended.pending().stream().noneMatch(f -> "rec".equals(f.getString("type")) && f.getJsonObject("body") != null
      && List.of("session_created", "new_message").contains(f.getJsonObject("body").getString("type"))), ended.pending().toString());
  }

  /** Things a staff member would see next: a new visitor in the inbox, a message in an open conversation. */
  private static void visitorsKeepComing(BridgeClient watcher, BridgeClient guest, JsonObject s) {
    JsonObject fresh = Chats.guestSession("Sari", "sari@example.com");
    watcher.push("chat.inbox", "session_created", d -> fresh.getString("session_id").equals(d.getString("id")));
    guest.reply(guest.send(session(s), s.getString("chat_token"), BridgeClient.message("my phone is 0812-555")));
    watcher.push(session(s), "new_message", m -> "my phone is 0812-555".equals(m.getString("content")));
  }

  @Test
  void aStaffMemberWhoLogsOutStopsReceivingAndIsToldWhy() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String admin = TestUsers.adminToken();
    try (BridgeClient staff = BridgeClient.connect(vertx, port); BridgeClient watcher = BridgeClient.connect(vertx, port);
         BridgeClient guest = BridgeClient.connect(vertx, port)) {
      staff.registered("chat.inbox", ina.token());
      staff.registered(session(s), ina.token());
      watcher.registered("chat.inbox", admin);
      watcher.registered(session(s), admin);
      guest.registered(session(s), s.getString("chat_token"));

      assertEquals(200, Api.get().call("auth.logout").token(ina.token()).send().status());
      JsonObject why = unregistered(staff, "chat.inbox");
      assertEquals("logout", why.getString("reason"));
      assertFalse(why.getString("message").isBlank());
      assertEquals("logout", unregistered(staff, session(s)).getString("reason"));

      visitorsKeepComing(watcher, guest, s);
      nothingDelivered(staff, ina.token());
    }
  }

  /** Issue 20: why a registration ended, in the socket's language (Indonesian by default, English on ?lang=en). */
  @Test
  void theReasonSpeaksTheSocketsLanguage() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    try (BridgeClient id = BridgeClient.connect(vertx, port); BridgeClient en = BridgeClient.connect(vertx, port, null, "?lang=en", null)) {
      id.registered("chat.inbox", ina.token());
      en.registered("chat.inbox", ina.token());
      assertEquals(200, Api.get().call("auth.logout").token(ina.token()).send().status());
      JsonObject idWhy = unregistered(id, "chat.inbox");
      assertEquals("logout", idWhy.getString("reason"));
      assertEquals("Anda telah keluar; masuk kembali untuk terus menerima pembaruan.", idWhy.getString("message"));
      JsonObject enWhy = unregistered(en, "chat.inbox");
      assertEquals("logout", enWhy.getString("reason"));
      assertEquals("You signed out; sign in again to keep receiving updates.", enWhy.getString("message"));
    }
  }

  /**
   * Second review: registering an address again on the same socket with another staff token swapped the live
   * registration's grant, so the first token's logout no longer ended it. The second registration is refused and
   * the first token's logout still ends the registration it made.
   */
  @Test
  void aSecondRegistrationCannotKeepTheFirstTokensRegistrationAlive() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String admin = TestUsers.adminToken();
    try (BridgeClient staff = BridgeClient.connect(vertx, port); BridgeClient watcher = BridgeClient.connect(vertx, port);
         BridgeClient guest = BridgeClient.connect(vertx, port)) {
      staff.registered("chat.inbox", ina.token());
      staff.register("chat.inbox", admin);
      assertEquals("access_denied", staff.refusal(), "one registration per address and socket");
      watcher.registered("chat.inbox", admin);
      watcher.registered(session(s), admin);
      guest.registered(session(s), s.getString("chat_token"));

      assertEquals(200, Api.get().call("auth.logout").token(ina.token()).send().status());
      assertEquals("logout", unregistered(staff, "chat.inbox").getString("reason"));
      visitorsKeepComing(watcher, guest, s);
      nothingDelivered(staff, ina.token());
    }
  }

  @Test
  void aDemotedInstructorStopsReceivingAndIsToldWhy() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String admin = TestUsers.adminToken();
    try (BridgeClient staff = BridgeClient.connect(vertx, port); BridgeClient watcher = BridgeClient.connect(vertx, port);
         BridgeClient guest = BridgeClient.connect(vertx, port)) {
      staff.registered("chat.inbox", ina.token());
      staff.registered(session(s), ina.token());
      watcher.registered("chat.inbox", admin);
      watcher.registered(session(s), admin);
      guest.registered(session(s), s.getString("chat_token"));

      assertEquals(200, Api.get().call("auth.changeRole").token(admin).path("id", ina.id())
        .body(new JsonObject().put("role", "student")).send().status());
      assertEquals("role", unregistered(staff, "chat.inbox").getString("reason"));
      assertEquals("role", unregistered(staff, session(s)).getString("reason"));

      visitorsKeepComing(watcher, guest, s);
      nothingDelivered(staff, ina.token());
    }
  }

  @Test
  void aRegistrationEndsWhenItsTokenExpires() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String admin = TestUsers.adminToken();
    try (BridgeClient staff = BridgeClient.connect(vertx, port); BridgeClient watcher = BridgeClient.connect(vertx, port);
         BridgeClient guest = BridgeClient.connect(vertx, port)) {
      String shortLived = accessToken(ina.id(), "instructor", 3);
      staff.registered("chat.inbox", shortLived);
      watcher.registered("chat.inbox", admin);
      watcher.registered(session(s), admin);
      guest.registered(session(s), s.getString("chat_token"));

      assertEquals("expired", unregistered(staff, "chat.inbox").getString("reason"));
      visitorsKeepComing(watcher, guest, s);
      nothingDelivered(staff, shortLived);
      assertTrue(staff.pending().stream().noneMatch(f -> "unregistered".equals(f.getString("type"))), "told once");
    }
  }

  /** An access token like auth issues, valid for {@code seconds} more. */
  private static String accessToken(String userId, String role, int seconds) {
    JsonObject config = TestApp.config();
    long now = System.currentTimeMillis() / 1000;
    return Jwt.provider(TestApp.get().vertx(), config).generateToken(new JsonObject()
        .put("typ", "access").put("sub", userId).put("role", role).put("email", "ina@example.com")
        .put("sid", UUID.randomUUID().toString()).put("jti", UUID.randomUUID().toString())
        .put("iat", now).put("exp", now + seconds),
      new JWTOptions().setAlgorithm(Jwt.ALGORITHM).setIssuer(config.getJsonObject("jwt").getString("issuer"))
        .setAudience(List.of(config.getJsonObject("jwt").getString("audience"))).setNoTimestamp(true));
  }
}
