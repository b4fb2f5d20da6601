package verticles.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.infra.Jwt;

import java.util.List;
import java.util.UUID;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat's REST operations through the real router: sessions, tokens, messages, staff work, statistics. */
class ChatApiTest {
  private final Api api = Api.get();

  @BeforeEach
  void clean() {
    Chats.reset();
  }

  private Response send(String token, String sessionId, String content) {
    return api.call("chat.sendMessage").path("id", sessionId).token(token)
      .body(new JsonObject().put("content", content)).send();
  }

  @Test
  void aGuestStartsASessionAndReadsItWithItsChatToken() {
    JsonObject started = Chats.guestSession("Budi", "budi@example.com");
    String id = started.getString("session_id");
    String token = started.getString("chat_token");
    assertEquals("waiting", started.getJsonObject("session").getString("status"));
    assertNull(started.getJsonObject("session").getJsonObject("user").getString("id"));
    assertEquals("Budi", started.getJsonObject("session").getJsonObject("user").getString("full_name"));

    Response read = api.call("chat.getSession").path("id", id).token(token).send();
    assertEquals(200, read.status(), read.toString());
    assertEquals(0, read.data().getInteger("total_messages"));
    assertEquals("Courses", read.data().getJsonObject("metadata").getString("topic"));

    Response mine = api.call("chat.mySessions").token(token).send();
    assertEquals(200, mine.status(), mine.toString());
    assertEquals(id, mine.data().getJsonArray("sessions").getJsonObject(0).getString("id"));
  }

  @Test
  void guestsGiveNameAndEmail() {
    Response none = api.call("chat.createSession").body(new JsonObject().put("name", "Budi")).send();
    assertEquals(400, none.status(), none.toString());
    assertEquals("VALIDATION_REQUIRED_FIELD", none.code());
    Response badEmail = api.call("chat.createSession").body(new JsonObject().put("name", "Budi").put("email", "nope")).send();
    assertEquals(400, badEmail.status(), badEmail.toString());
    Response extra = api.call("chat.createSession")
      .body(new JsonObject().put("name", "Budi").put("email", "b@example.com").put("user_id", UUID.randomUUID().toString())).send();
    assertEquals(400, extra.status(), extra.toString());
  }

  @Test
  void aChatTokenOpensOnlyItsOwnSessionAndNothingElse() {
    JsonObject a = Chats.guestSession("Ani", "ani@example.com");
    JsonObject b = Chats.guestSession("Bayu", "bayu@example.com");
    String tokenA = a.getString("chat_token");

    Response foreign = api.call("chat.getSession").path("id", b.getString("session_id")).token(tokenA).send();
    assertEquals(403, foreign.status(), foreign.toString());
    assertEquals(403, send(tokenA, b.getString("session_id"), "hello").status());

    Response me = api.call("auth.me").token(tokenA).send();
    assertEquals(401, me.status(), "a chat token is no access token: " + me);
    Response inbox = api.call("chat.listSessions").token(tokenA).send();
    assertEquals(401, inbox.status(), inbox.toString());
    Response assign = api.call("chat.assignSession").path("id", a.getString("session_id")).token(tokenA).send();
    assertEquals(401, assign.status(), assign.toString());

    Chats.Account student = Chats.account("student", "student@example.com");
    Response studentReads = api.call("chat.getSession").path("id", a.getString("session_id")).token(student.token()).send();
    assertEquals(403, studentReads.status(), "an access token is no chat token: " + studentReads);

    Response garbage = api.call("chat.getSession").path("id", a.getString("session_id")).token("not-a-token").send();
    assertEquals(401, garbage.status(), garbage.toString());
    Response missing = api.call("chat.getSession").path("id", a.getString("session_id")).send();
    assertEquals(401, missing.status(), missing.toString());
    assertEquals("missing", missing.json().getJsonObject("details").getString("reason"));
  }

  @Test
  void anExpiredChatTokenIsRefused() {
    JsonObject a = Chats.guestSession("Ani", "ani@example.com");
    String expired = expiredChatToken(a.getString("session_id"));
    Response r = api.call("chat.getSession").path("id", a.getString("session_id")).token(expired).send();
    assertEquals(401, r.status(), r.toString());
    assertEquals("expired", r.json().getJsonObject("details").getString("reason"));
  }

  static String expiredChatToken(String sessionId) {
    return chatToken(sessionId, System.currentTimeMillis() / 1000 - 3600);
  }

  /** A chat token of the session expiring at {@code exp} (seconds since 1970). */
  static String chatToken(String sessionId, long exp) {
    JsonObject config = TestApp.config();
    return Jwt.chatProvider(TestApp.get().vertx(), config).generateToken(
      new JsonObject().put("typ", "chat").put("sub", sessionId).put("jti", UUID.randomUUID().toString())
        .put("iat", exp - 3600).put("exp", exp),
      new JWTOptions().setAlgorithm(Jwt.ALGORITHM).setIssuer(config.getJsonObject("jwt").getString("issuer"))
        .setAudience(List.of(Jwt.chatAudience(config))).setNoTimestamp(true));
  }

  @Test
  void theAssistantAnswersWithARealCourseAndItsPrice() {
    String admin = TestUsers.adminToken();
    Chats.course(admin, "Beginner Guitar", "beginner", "Guitar", 150_000, "Chords, strumming and your first songs.");
    Chats.course(admin, "Advanced Guitar Techniques", "advanced", "Guitar", 350_000, "Sweep picking and improvisation.");
    Chats.course(admin, "Piano Basics", "beginner", "Piano", 200_000, "Reading notes and playing with both hands.");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");

    Response r = send(s.getString("chat_token"), s.getString("session_id"), "I want to learn guitar as a beginner, how much is it?");
    assertEquals(201, r.status(), r.toString());
    assertEquals("user", r.data().getJsonObject("user_message").getString("role"));
    JsonObject answer = r.data().getJsonObject("assistant_message");
    assertNotNull(answer, r.toString());
    assertEquals("assistant", answer.getString("role"));
    assertTrue(answer.getBoolean("bot"));
    String text = answer.getString("content");
    assertTrue(text.contains("Beginner Guitar") && text.contains("Rp 150.000"), text);
    assertTrue(text.indexOf("Beginner Guitar") < text.indexOf("Advanced Guitar") || !text.contains("Advanced Guitar"), text);
    assertFalse(text.contains("Piano Basics"), text);

    Response indonesian = send(s.getString("chat_token"), s.getString("session_id"), "Berapa harga kelas piano untuk pemula?");
    String second = indonesian.data().getJsonObject("assistant_message").getString("content");
    assertTrue(second.contains("Piano Basics") && second.contains("Rp 200.000"), second);

    Response history = api.call("chat.getSession").path("id", s.getString("session_id")).token(s.getString("chat_token")).send();
    JsonArray messages = history.data().getJsonArray("messages");
    assertTrue(messages.stream().map(m -> ((JsonObject) m).getString("content")).anyMatch(text::equals), "stored: " + messages);
  }

  @Test
  void withNoMatchingCourseTheAssistantSaysSoAndNamesWhatThereIs() {
    String admin = TestUsers.adminToken();
    Chats.course(admin, "Violin for Kids", "beginner", "Violin", 175_000, "Playful first steps on the violin.");
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    Response r = send(s.getString("chat_token"), s.getString("session_id"), "Do you teach underwater basket weaving?");
    String text = r.data().getJsonObject("assistant_message").getString("content");
    assertTrue(text.contains("could not find") && text.contains("Violin for Kids") && text.contains("Rp 175.000"), text);
  }

  /**
   * Issue 20: a session speaks the language of the request that started it (?lang=, else Accept-Language, Indonesian
   * by default): the assistant answers in it unless the visitor plainly writes in the other language, and a close
   * without a reason gets the default reason and notice in it.
   */
  @Test
  void theAssistantAndTheClosingSpeakTheSessionsLanguage() {
    Chats.course(TestUsers.adminToken(), "Music Theory", "beginner", null, 180_000, "Scales, chords and reading music.");
    JsonObject byDefault = Chats.guestSession(api, "Budi", "budi@example.com", null);
    JsonObject byHeader = Chats.guestSession(api, "Sari", "sari@example.com", "en");
    Response byQuery = api.call("chat.createSession").query("lang", "en").header("Accept-Language", "id")
      .body(new JsonObject().put("name", "Tono").put("email", "tono@example.com")).send();
    assertEquals(201, byQuery.status(), byQuery.toString());
    assertEquals("id", byDefault.getJsonObject("session").getString("language"));
    assertEquals("en", byHeader.getJsonObject("session").getString("language"));
    assertEquals("en", byQuery.data().getJsonObject("session").getString("language"));
    assertEquals("en", api.call("chat.getSession").path("id", byHeader.getString("session_id"))
      .token(byHeader.getString("chat_token")).send().data().getString("language"), "kept: any later request's language is not the session's");

    // "music theory?" is neither Indonesian nor English: the session's language decides
    String id = send(byDefault.getString("chat_token"), byDefault.getString("session_id"), "music theory?")
      .data().getJsonObject("assistant_message").getString("content");
    assertTrue(id.startsWith("Ini yang saya temukan di katalog kami:") && id.contains("Music Theory (level pemula): Rp 180.000 per sesi, 60 menit per sesi.")
      && id.contains("bicara dengan admin"), id);
    String en = send(byHeader.getString("chat_token"), byHeader.getString("session_id"), "music theory?")
      .data().getJsonObject("assistant_message").getString("content");
    assertTrue(en.startsWith("Here is what I found in our catalog:") && en.contains("Music Theory (beginner level): Rp 180.000 per session")
      && en.contains("talk to a human"), en);
    // a visitor who plainly writes the other language is answered in it
    String asked = send(byHeader.getString("chat_token"), byHeader.getString("session_id"), "Berapa biaya music theory?")
      .data().getJsonObject("assistant_message").getString("content");
    assertTrue(asked.startsWith("Ini yang saya temukan"), asked);

    for (JsonObject s : List.of(byDefault, byHeader)) {
      boolean indonesian = s == byDefault;
      Response closed = api.call("chat.closeSession").path("id", s.getString("session_id")).token(s.getString("chat_token"))
        .header("Accept-Language", indonesian ? "en" : "id").send();
      assertEquals(200, closed.status(), closed.toString());
      assertEquals(indonesian ? "Ditutup oleh pengunjung" : "Closed by the visitor", closed.data().getString("close_reason"));
      assertEquals(indonesian ? "Chat ditutup: Ditutup oleh pengunjung" : "Chat closed: Closed by the visitor",
        closed.data().getJsonObject("metadata").getString("last_message"));
    }
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    String tono = byQuery.data().getString("session_id");
    Response byStaff = api.call("chat.closeSession").path("id", tono).token(ina.token()).send();
    assertEquals("Closed by staff", byStaff.data().getString("close_reason"), "the session's language, not the staff member's");
  }

  @Test
  void talkToAHumanHandsTheConversationToStaff() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token"), id = s.getString("session_id");
    Response r = send(token, id, "Can I talk to a human please?");
    assertEquals(201, r.status(), r.toString());
    assertNull(r.data().getJsonObject("assistant_message"));
    assertFalse(r.data().getJsonArray("system_messages").isEmpty(), r.toString());
    assertTrue(api.call("chat.getSession").path("id", id).token(token).send().data().getBoolean("handoff"));
    assertNull(send(token, id, "Hello?").data().getJsonObject("assistant_message"), "the assistant stays quiet");

    JsonObject other = Chats.guestSession("Sari", "sari@example.com");
    Response handoff = api.call("chat.handoffSession").path("id", other.getString("session_id")).token(other.getString("chat_token")).send();
    assertEquals(200, handoff.status(), handoff.toString());
    assertTrue(handoff.data().getBoolean("handoff"));
  }

  @Test
  void twentyMessagesAMinutePerSession() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token"), id = s.getString("session_id");
    assertEquals(200, api.call("chat.handoffSession").path("id", id).token(token).send().status());
    for (int i = 1; i <= 20; i++) assertEquals(201, send(token, id, "message " + i).status());
    Response limited = send(token, id, "message 21");
    assertEquals(429, limited.status(), limited.toString());
    assertEquals("RATE_LIMIT_EXCEEDED", limited.code());
    int retry = limited.json().getJsonObject("details").getInteger("retry_after");
    assertTrue(retry >= 1 && retry <= 60, limited.toString());
    assertEquals(String.valueOf(retry), limited.header("Retry-After"));
    assertEquals(20L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + id + "' AND role = 'user'"));
  }

  @Test
  void aRetriedClientMessageIdIsStoredOnce() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token"), id = s.getString("session_id");
    api.call("chat.handoffSession").path("id", id).token(token).send();
    JsonObject body = new JsonObject().put("content", "once").put("client_message_id", "c-1");
    Response first = api.call("chat.sendMessage").path("id", id).token(token).body(body).send();
    Response again = api.call("chat.sendMessage").path("id", id).token(token).body(body).send();
    assertEquals(201, again.status(), again.toString());
    assertEquals(first.data().getJsonObject("user_message").getString("id"), again.data().getJsonObject("user_message").getString("id"));
    assertEquals(1L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + id + "' AND role = 'user'"));
  }

  @Test
  void staffClaimReplyReassignAndClose() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    Chats.Account joko = Chats.account("instructor", "joko@example.com");
    Chats.Account student = Chats.account("student", "siswa@example.com");
    String admin = TestUsers.adminToken();
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String id = s.getString("session_id"), guest = s.getString("chat_token");

    Response claimed = api.call("chat.assignSession").path("id", id).token(ina.token()).send();
    assertEquals(200, claimed.status(), claimed.toString());
    assertEquals(ina.id(), claimed.data().getJsonObject("assigned_to").getString("id"));
    assertEquals("active", claimed.data().getString("status"));

    Response taken = api.call("chat.assignSession").path("id", id).token(joko.token()).send();
    assertEquals(409, taken.status(), taken.toString());
    assertEquals("CHAT_SESSION_ASSIGNED", taken.code());
    Response notTheirs = send(joko.token(), id, "I can help too");
    assertEquals(409, notTheirs.status(), notTheirs.toString());
    Response giveAway = api.call("chat.assignSession").path("id", id).token(ina.token())
      .body(new JsonObject().put("staff_id", joko.id())).send();
    assertEquals(403, giveAway.status(), giveAway.toString());

    Response reply = send(ina.token(), id, "Hi Budi, how can I help?");
    assertEquals(201, reply.status(), reply.toString());
    JsonObject staffMessage = reply.data().getJsonObject("user_message");
    assertEquals("assistant", staffMessage.getString("role"));
    assertFalse(staffMessage.getBoolean("bot"));
    assertEquals(ina.id(), staffMessage.getJsonObject("sender").getString("id"));
    assertNull(reply.data().getJsonObject("assistant_message"));
    Response visitor = send(guest, id, "Which guitar course suits me?");
    assertNull(visitor.data().getJsonObject("assistant_message"), "claimed by staff: the assistant stays quiet");

    Response toStudent = api.call("chat.assignSession").path("id", id).token(admin).body(new JsonObject().put("staff_id", student.id())).send();
    assertEquals(400, toStudent.status(), toStudent.toString());
    assertEquals("CHAT_INVALID_ASSIGNEE", toStudent.code());
    Response reassigned = api.call("chat.assignSession").path("id", id).token(admin).body(new JsonObject().put("staff_id", joko.id())).send();
    assertEquals(200, reassigned.status(), reassigned.toString());
    assertEquals(joko.id(), reassigned.data().getJsonObject("assigned_to").getString("id"));
    assertEquals(201, send(joko.token(), id, "Joko here").status());

    Response studentInbox = api.call("chat.listSessions").token(student.token()).send();
    assertEquals(403, studentInbox.status(), studentInbox.toString());

    Response closed = api.call("chat.closeSession").path("id", id).token(joko.token()).body(new JsonObject().put("reason", "Answered")).send();
    assertEquals(200, closed.status(), closed.toString());
    assertEquals("closed", closed.data().getString("status"));
    assertEquals("Answered", closed.data().getString("close_reason"));
    Response late = send(guest, id, "one more thing");
    assertEquals(409, late.status(), late.toString());
    assertEquals("CHAT_SESSION_CLOSED", late.code());
    assertEquals(409, api.call("chat.closeSession").path("id", id).token(guest).send().status());
    assertEquals(409, api.call("chat.assignSession").path("id", id).token(admin).send().status());
  }

  @Test
  void theInboxListsFiltersAndTagsSessions() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    JsonObject a = Chats.guestSession("Ani", "ani@example.com");
    JsonObject b = Chats.guestSession("Bayu", "bayu@example.com");
    api.call("chat.handoffSession").path("id", a.getString("session_id")).token(a.getString("chat_token")).send();
    send(a.getString("chat_token"), a.getString("session_id"), "Halo, saya mau tanya tentang kelas piano");
    api.call("chat.assignSession").path("id", b.getString("session_id")).token(ina.token()).send();

    Response all = api.call("chat.listSessions").token(ina.token()).send();
    assertEquals(200, all.status(), all.toString());
    assertEquals(2, all.data().getJsonObject("pagination").getInteger("total"));
    JsonObject first = all.data().getJsonArray("sessions").getJsonObject(0);
    assertEquals(a.getString("session_id"), first.getString("id"), "most recent activity first");
    assertEquals("Halo, saya mau tanya tentang kelas piano", first.getJsonObject("metadata").getString("last_message"));
    assertEquals(2, first.getJsonObject("metadata").getInteger("message_count"), "the hand-off notice and the question");

    Response mine = api.call("chat.listSessions").token(ina.token()).query("assigned_to", ina.id()).send();
    assertEquals(1, mine.data().getJsonArray("sessions").size());
    Response waiting = api.call("chat.listSessions").token(ina.token()).query("status", "waiting").query("limit", "1").send();
    assertEquals(a.getString("session_id"), waiting.data().getJsonArray("sessions").getJsonObject(0).getString("id"));
    assertEquals(400, api.call("chat.listSessions").token(ina.token()).query("status", "nope").send().status());

    Response tagged = api.call("chat.updateSession").path("id", a.getString("session_id")).token(ina.token())
      .body(new JsonObject().put("metadata", new JsonObject().put("topic", "Piano course inquiry")
        .put("tags", new JsonArray().add("course").add("piano")).put("resolved", true))).send();
    assertEquals(200, tagged.status(), tagged.toString());
    assertEquals(new JsonArray().add("course").add("piano"), tagged.data().getJsonObject("metadata").getJsonArray("tags"));
    assertTrue(tagged.data().getJsonObject("metadata").getBoolean("resolved"));
    Response retopic = api.call("chat.updateSession").path("id", a.getString("session_id")).token(ina.token())
      .body(new JsonObject().put("metadata", new JsonObject().put("topic", "Piano"))).send();
    assertEquals(new JsonArray().add("course").add("piano"), retopic.data().getJsonObject("metadata").getJsonArray("tags"), "unsent fields keep their value");
    Response guestTags = api.call("chat.updateSession").path("id", a.getString("session_id")).token(a.getString("chat_token"))
      .body(new JsonObject().put("metadata", new JsonObject().put("resolved", false))).send();
    assertEquals(401, guestTags.status(), guestTags.toString());
    Response unknown = api.call("chat.getSession").path("id", UUID.randomUUID().toString()).token(ina.token()).send();
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("CHAT_SESSION_NOT_FOUND", unknown.code());
  }

  @Test
  void historyPagesBackwardsWithACursor() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token"), id = s.getString("session_id");
    api.call("chat.handoffSession").path("id", id).token(token).send(); // one system notice
    for (int i = 1; i <= 5; i++) send(token, id, "m" + i);
    Response last = api.call("chat.listMessages").path("id", id).token(token).query("limit", "2").send();
    assertEquals(200, last.status(), last.toString());
    JsonArray page = last.data().getJsonArray("messages");
    assertEquals(List.of("m4", "m5"), page.stream().map(m -> ((JsonObject) m).getString("content")).toList());
    assertTrue(last.data().getBoolean("has_more"));
    Response older = api.call("chat.listMessages").path("id", id).token(token).query("limit", "10")
      .query("before", page.getJsonObject(0).getString("id")).send();
    assertEquals(4, older.data().getJsonArray("messages").size());
    assertEquals("m3", older.data().getJsonArray("messages").getJsonObject(3).getString("content"));
    assertFalse(older.data().getBoolean("has_more"));
    Response offset = api.call("chat.getSession").path("id", id).token(token).query("limit", "2").query("offset", "1").send();
    assertEquals(List.of("m1", "m2"), offset.data().getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("content")).toList());
    assertEquals(6, offset.data().getInteger("total_messages"));
    Response foreignCursor = api.call("chat.listMessages").path("id", id).token(token).query("before", UUID.randomUUID().toString()).send();
    assertEquals(400, foreignCursor.status(), foreignCursor.toString());
  }

  @Test
  void aSignedInUsersSessionIsTiedToTheAccount() {
    Chats.Account student = Chats.account("student", "siswa@example.com");
    Response started = api.call("chat.createSession").token(student.token()).body(new JsonObject().put("topic", "Schedules")).send();
    assertEquals(201, started.status(), started.toString());
    String id = started.data().getString("session_id");
    assertEquals(student.id(), started.data().getJsonObject("session").getJsonObject("user").getString("id"));
    assertEquals("siswa@example.com", started.data().getJsonObject("session").getJsonObject("user").getString("email"));
    Response again = api.call("chat.createSession").token(student.token()).send();
    assertEquals(200, again.status(), again.toString());
    assertEquals(id, again.data().getString("session_id"), "the open session is handed back");

    assertEquals(200, api.call("chat.getSession").path("id", id).token(student.token()).send().status());
    assertEquals(200, api.call("chat.getSession").path("id", id).token(again.data().getString("chat_token")).send().status());
    Response mine = api.call("chat.mySessions").token(student.token()).send();
    assertEquals(1, mine.data().getJsonArray("sessions").size());
  }

  @Test
  void statisticsComeFromTheTimestamps() {
    Chats.Account ina = Chats.account("instructor", "ina@example.com");
    String admin = TestUsers.adminToken();
    JsonObject a = Chats.guestSession("Ani", "ani@example.com");
    JsonObject b = Chats.guestSession("Bayu", "bayu@example.com");
    api.call("chat.handoffSession").path("id", a.getString("session_id")).token(a.getString("chat_token")).send();
    send(a.getString("chat_token"), a.getString("session_id"), "Hello");
    send(ina.token(), a.getString("session_id"), "Hi!");
    api.call("chat.closeSession").path("id", b.getString("session_id")).token(admin).send();
    // the visitor wrote six minutes before the answer
    TestApp.sql("UPDATE chat.sessions SET first_user_message_at = first_staff_reply_at - interval '6 minutes' WHERE id = '"
      + a.getString("session_id") + "'");

    Response stats = api.call("chat.stats").token(admin).send();
    assertEquals(200, stats.status(), stats.toString());
    JsonObject data = stats.data();
    assertEquals(1, data.getInteger("active_sessions"));
    assertEquals(2, data.getInteger("total_sessions_today"));
    assertEquals(count("SELECT count(*) FROM chat.messages"), data.getLong("total_messages_today"));
    assertEquals(6.0, data.getDouble("average_response_time_minutes"));
    assertEquals(1, data.getInteger("sessions_closed_today"));
    assertEquals(403, api.call("chat.stats").token(ina.token()).send().status());
  }

  @Test
  void oneOwnerAtATimeWhenStaffClaimTogether() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    List<Chats.Account> staff = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) staff.add(Chats.account("instructor", "claimer" + i + "@example.com"));
    List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> claims = new java.util.ArrayList<>();
    for (Chats.Account a : staff) {
      claims.add(api.call("chat.assignSession").path("id", s.getString("session_id")).token(a.token()).sendAsync());
    }
    TestApp.await(io.vertx.core.Future.join(claims));
    long won = claims.stream().map(f -> api.call("chat.assignSession").checked(f.result())).filter(r -> r.status() == 200).count();
    long lost = claims.stream().map(f -> api.call("chat.assignSession").checked(f.result()))
      .filter(r -> r.status() == 409 && "CHAT_SESSION_ASSIGNED".equals(r.code())).count();
    assertEquals(1, won);
    assertEquals(5, lost);
    assertEquals(1L, count("SELECT count(*) FROM chat.sessions WHERE assigned_to IS NOT NULL AND id = '" + s.getString("session_id") + "'"));
  }

  /**
   * Instructors writing at once in an unclaimed conversation (their messages batched together, PostBatches): the first
   * message decided claims it, every other instructor's message is refused 409 CHAT_SESSION_ASSIGNED naming that owner,
   * the owner's own messages all go in, and an admin may still write.
   */
  @Test
  void instructorsWritingAtOnceInAnUnclaimedConversationLeaveOneOwner() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String id = s.getString("session_id");
    List<Chats.Account> staff = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) staff.add(Chats.account("instructor", "writer" + i + "@example.com"));
    List<Chats.Account> senders = new java.util.ArrayList<>();
    List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sends = new java.util.ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (Chats.Account a : staff) {
        senders.add(a);
        sends.add(api.call("chat.sendMessage").path("id", id).token(a.token())
          .body(new JsonObject().put("content", "from " + a.id() + " #" + round)).sendAsync());
      }
    }
    TestApp.await(io.vertx.core.Future.join(sends));
    List<Response> answers = sends.stream().map(f -> api.call("chat.sendMessage").checked(f.result())).toList();
    String owner = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow()
      .data().getJsonObject("user_message").getJsonObject("sender").getString("id");
    for (int i = 0; i < answers.size(); i++) {
      Response r = answers.get(i);
      if (senders.get(i).id().equals(owner)) {
        assertEquals(201, r.status(), r.toString());
      } else {
        assertEquals(409, r.status(), r.toString());
        assertEquals("CHAT_SESSION_ASSIGNED", r.code());
        assertEquals(owner, r.json().getJsonObject("details").getString("assigned_to"));
      }
    }
    assertEquals(3L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + id + "' AND sender_id IS NOT NULL"));
    assertEquals(1L, count("SELECT count(*) FROM chat.sessions WHERE id = '" + id + "' AND assigned_to = '" + owner + "'"));
    Response admin = api.call("chat.sendMessage").path("id", id).token(TestUsers.adminToken())
      .body(new JsonObject().put("content", "an admin may write")).send();
    assertEquals(201, admin.status(), admin.toString());
  }

  @Test
  void theRateLimitHoldsUnderParallelSends() {
    JsonObject s = Chats.guestSession("Budi", "budi@example.com");
    String token = s.getString("chat_token"), id = s.getString("session_id");
    api.call("chat.handoffSession").path("id", id).token(token).send();
    List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sends = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sends.add(api.call("chat.sendMessage").path("id", id).token(token).body(new JsonObject().put("content", "p" + i)).sendAsync());
    }
    TestApp.await(io.vertx.core.Future.join(sends));
    List<Integer> statuses = sends.stream().map(f -> api.call("chat.sendMessage").checked(f.result()).status()).toList();
    assertEquals(20, statuses.stream().filter(x -> x == 201).count(), statuses.toString());
    assertEquals(10, statuses.stream().filter(x -> x == 429).count(), statuses.toString());
    assertEquals(20L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + id + "' AND role = 'user'"));
  }

  /**
   * Messages sent at once are written together (PostBatches, one statement for the batch), yet each is decided on its
   * own: a closed session's message is refused without touching the others, a retried client_message_id is stored once.
   */
  @Test
  void messagesSentTogetherAreDecidedEachOnItsOwn() {
    JsonObject a = Chats.guestSession("Ani", "ani@example.com"), b = Chats.guestSession("Budi", "budi@example.com"),
      closed = Chats.guestSession("Citra", "citra@example.com");
    for (JsonObject s : List.of(a, b)) api.call("chat.handoffSession").path("id", s.getString("session_id")).token(s.getString("chat_token")).send();
    assertEquals(200, api.call("chat.closeSession").path("id", closed.getString("session_id")).token(closed.getString("chat_token")).send().status());
    List<JsonObject> senders = List.of(a, a, b, b, b, closed);
    List<String> clientIds = java.util.Arrays.asList("a-1", "a-2", "b-1", "b-1", null, "c-1");
    List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sends = new java.util.ArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      JsonObject body = new JsonObject().put("content", "together " + i);
      if (clientIds.get(i) != null) body.put("client_message_id", clientIds.get(i)).put("content", "together " + clientIds.get(i));
      sends.add(api.call("chat.sendMessage").path("id", senders.get(i).getString("session_id")).token(senders.get(i).getString("chat_token"))
        .body(body).sendAsync());
    }
    TestApp.await(io.vertx.core.Future.join(sends));
    List<Response> answers = sends.stream().map(f -> api.call("chat.sendMessage").checked(f.result())).toList();
    for (int i = 0; i < 5; i++) assertEquals(201, answers.get(i).status(), answers.get(i).toString());
    assertEquals(409, answers.get(5).status(), answers.get(5).toString());
    assertEquals("CHAT_SESSION_CLOSED", answers.get(5).code());
    assertEquals(answers.get(2).data().getJsonObject("user_message").getString("id"),
      answers.get(3).data().getJsonObject("user_message").getString("id"));
    assertEquals(2L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + a.getString("session_id") + "' AND role = 'user'"));
    assertEquals(2L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + b.getString("session_id") + "' AND role = 'user'"));
    assertEquals(0L, count("SELECT count(*) FROM chat.messages WHERE session_id = '" + closed.getString("session_id") + "' AND role = 'user'"));
    assertEquals(1L, count("SELECT count(*) FROM chat.sessions WHERE id = '" + a.getString("session_id") + "' AND last_message_at IS NOT NULL"
      + " AND first_user_message_at IS NOT NULL"));
  }

  @Test
  void sessionStartsAreCappedPerAddress() {
    int cap = TestApp.config().getJsonObject("chat").getInteger("sessions_per_ip_per_hour");
    for (int i = 0; i < cap; i++) Chats.guestSession("Guest " + i, "g" + i + "@example.com");
    Response refused = api.call("chat.createSession").body(new JsonObject().put("name", "One more").put("email", "x@example.com")).send();
    assertEquals(429, refused.status(), refused.toString());
    assertEquals("RATE_LIMIT_EXCEEDED", refused.code());
    assertTrue(refused.json().getJsonObject("details").getInteger("retry_after") > 0);
    assertEquals((long) cap, count("SELECT count(*) FROM chat.sessions"));
  }

  @Test
  void sessionsAndMessagesAreAnnouncedAsEvents() {
    var vertx = TestApp.get().vertx();
    io.vertx.core.Promise<JsonObject> started = io.vertx.core.Promise.promise();
    io.vertx.core.Promise<JsonObject> sent = io.vertx.core.Promise.promise();
    var onStart = vertx.eventBus().<JsonObject>consumer("events.chat.session.created", m -> started.tryComplete(m.body()));
    var onSend = vertx.eventBus().<JsonObject>consumer("events.chat.message.sent", m -> sent.tryComplete(m.body()));
    try {
      TestApp.await(onStart.completion());
      TestApp.await(onSend.completion());
      JsonObject s = Chats.guestSession("Budi", "budi@example.com");
      api.call("chat.handoffSession").path("id", s.getString("session_id")).token(s.getString("chat_token")).send();
      String messageId = send(s.getString("chat_token"), s.getString("session_id"), "hi").data()
        .getJsonObject("user_message").getString("id");
      JsonObject session = TestApp.await(started.future());
      assertEquals("chat.session.created", session.getString("event_type"));
      assertEquals(s.getString("session_id"), session.getJsonObject("data").getString("session_id"));
      assertEquals("chat", session.getJsonObject("metadata").getString("source_service"));
      JsonObject message = TestApp.await(sent.future());
      assertEquals(messageId, message.getJsonObject("data").getString("message_id"));
      assertEquals("user", message.getJsonObject("data").getString("role"));
    } finally {
      onStart.unregister();
      onSend.unregister();
    }
  }

}
