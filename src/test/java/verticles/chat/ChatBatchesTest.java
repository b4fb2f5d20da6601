package verticles.chat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.TestApp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chat.post_messages} (V35) decides a batch exactly as one message at a time would. Which messages share a
 * batch depends on timing, so the cases only a batch has — a message counted by a later one's rate limit, a retry
 * of a message of the same batch, a staff reply claiming the conversation for the next message, the offline notice
 * once — are driven here through the function itself, in one batch; {@code ChatApiTest} covers the same rules
 * through HTTP.
 */
class ChatBatchesTest {
  private static final int LIMIT = 3;

  private record Element(int session, String role, String content, Integer sender, String clientId,
                         boolean exclusive, String offline, String offlineEn) {
  }

  private record Answer(String outcome, Integer retryAfter, String assignedTo, String status, String messageId,
                        String content, String noticeContent) {
  }

  private String[] sessions;
  private String adminId, instructorId;

  @BeforeEach
  void sessions() throws SQLException {
    Chats.reset();
    adminId = one("SELECT id FROM auth.users WHERE email = '" + TestApp.ADMIN_EMAIL + "'");
    instructorId = one("INSERT INTO auth.users (email, full_name, role) VALUES ('ina@example.com', 'Ina', 'instructor')"
      + " RETURNING id");
    sessions = new String[7];
    for (int s = 1; s <= 6; s++) {
      sessions[s] = one("INSERT INTO chat.sessions (visitor_name, visitor_email, language) VALUES ('V" + s + "', 'v" + s
        + "@example.com', '" + (s == 5 ? "en" : "id") + "') RETURNING id");
    }
    TestApp.sql("""
      UPDATE chat.sessions SET status = 'closed', closed_at = now() WHERE id = '%2$s';
      UPDATE chat.sessions SET status = 'active', assigned_to = '%1$s', assigned_name = 'Admin' WHERE id = '%3$s';
      INSERT INTO chat.messages (session_id, role, content, client_message_id) VALUES ('%4$s', 'user', 'old', 'c1');
      INSERT INTO chat.messages (session_id, role, content, created_at)
        VALUES ('%5$s', 'user', 'r1', now() - interval '40 seconds'), ('%5$s', 'user', 'r2', now() - interval '20 seconds');
      """.formatted(adminId, sessions[2], sessions[3], sessions[5], sessions[6]));
  }

  @Test
  void aBatchIsDecidedAsOneMessageAtATimeWouldBe() throws SQLException {
    // sessions: 1 waiting, 2 closed, 3 the admin's, 4 waiting, 5 English with a stored "c1", 6 two visitor messages
    // in the last minute; 0 does not exist. Senders: 1 the admin, 2 an instructor (exclusive).
    List<Answer> a = post(List.of(
      new Element(1, "user", "a", null, "k1", false, "Di luar jam", "Outside hours"),   // 1 ok, notice
      new Element(1, "user", "b", null, "k1", false, "Di luar jam", "Outside hours"),   // 2 the retry of 1
      new Element(1, "user", "c", null, null, false, "Di luar jam", "Outside hours"),   // 3 ok, no second notice
      new Element(1, "user", "d", null, "k2", false, null, null),                       // 4 ok: the third
      new Element(1, "user", "e", null, "k3", false, null, null),                       // 5 over the limit
      new Element(1, "user", "f", null, "k3", false, null, null),                       // 6 still over it
      new Element(0, "user", "g", null, null, false, null, null),                       // 7 no such session
      new Element(2, "user", "h", null, null, false, null, null),                       // 8 closed
      new Element(3, "assistant", "i", 2, null, true, null, null),                      // 9 the admin's conversation
      new Element(4, "assistant", "j", 1, "s1", true, null, null),                      // 10 claims session 4
      new Element(4, "assistant", "k", 2, null, true, null, null),                      // 11 now the admin's
      new Element(4, "user", "l", null, null, false, "Di luar jam", null),              // 12 ok, notice
      new Element(5, "user", "m", null, "c1", false, "Di luar jam", "Outside hours"),   // 13 stored before
      new Element(5, "user", "n", null, "new", false, "Di luar jam", "Outside hours"),  // 14 ok, English notice
      new Element(6, "user", "o", null, null, false, null, null),                       // 15 the third this minute
      new Element(6, "user", "p", null, null, false, null, null),                       // 16 over the limit
      new Element(1, "assistant", "q", 1, null, false, null, null),                     // 17 the admin answers
      new Element(1, "assistant", "q2", 1, "k1", false, null, null),                    // 18 "k1" is taken
      new Element(4, "assistant", "t", 2, "z", true, null, null),                       // 19 refused: the admin's
      new Element(4, "assistant", "t2", 1, "z", false, null, null),                     // 20 ok: "z" is still free
      new Element(4, "assistant", "t3", 1, "z", false, null, null),                     // 21 the retry of 20
      new Element(5, "user", "s", null, "k1", false, null, null)), LIMIT);             // 22 "k1" of another session
    assertEquals(List.of("ok", "repeated", "ok", "ok", "rate_limited", "rate_limited", "not_found", "closed",
        "assigned", "ok", "assigned", "ok", "repeated", "ok", "ok", "rate_limited", "ok", "repeated", "assigned", "ok",
        "repeated", "ok"),
      a.stream().map(Answer::outcome).toList());

    assertEquals("Di luar jam", a.get(0).noticeContent());
    assertEquals(a.get(0).messageId(), a.get(1).messageId());
    assertEquals("a", a.get(1).content());
    assertNull(a.get(2).noticeContent());
    // 5 and 6: the oldest of the last three is 1, stored moments ago; 16: "r1", 40 s ago
    assertTrue(a.get(4).retryAfter() > 30 && a.get(4).retryAfter() <= 60, a.get(4).toString());
    assertTrue(a.get(5).retryAfter() > 30 && a.get(5).retryAfter() <= 60, a.get(5).toString());
    assertTrue(a.get(15).retryAfter() >= 1 && a.get(15).retryAfter() <= 20, a.get(15).toString());
    assertNull(a.get(6).status());
    assertEquals("closed", a.get(7).status());
    assertEquals(adminId, a.get(8).assignedTo());
    assertEquals("waiting", a.get(9).status());
    assertEquals(adminId, a.get(10).assignedTo());
    assertEquals("active", a.get(10).status());
    assertEquals("Di luar jam", a.get(11).noticeContent());
    assertEquals("old", a.get(12).content());
    assertEquals("Outside hours", a.get(13).noticeContent());
    assertEquals("active", a.get(17).status());
    assertEquals(a.get(0).messageId(), a.get(17).messageId());
    assertEquals(a.get(19).messageId(), a.get(20).messageId());
    assertEquals("t2", a.get(20).content());
    assertEquals("s", a.get(21).content());

    // in the batch's order, each message once
    assertEquals(List.of("user:a", "system:Di luar jam", "user:c", "user:d", "assistant:q"), transcript(1));
    assertEquals(List.of("assistant:j", "user:l", "system:Di luar jam", "assistant:t2"), transcript(4));
    assertEquals(List.of("user:old", "user:n", "system:Outside hours", "user:s"), transcript(5));
    assertEquals(List.of("user:r1", "user:r2", "user:o"), transcript(6));
    assertEquals(List.of(), transcript(2));
    assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.sessions WHERE id = '" + sessions[1] + "'"
      + " AND status = 'active' AND assigned_to = '" + adminId + "' AND offline_notified"
      + " AND first_staff_reply_at > first_user_message_at"
      + " AND last_message_at = (SELECT created_at FROM chat.messages WHERE content = 'q')"));
    assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.sessions WHERE id = '" + sessions[4] + "'"
      + " AND status = 'active' AND assigned_to = '" + adminId + "' AND assigned_at IS NOT NULL AND offline_notified"
      + " AND first_staff_reply_at = (SELECT created_at FROM chat.messages WHERE content = 't2')"
      + " AND last_message_at = (SELECT created_at FROM chat.messages WHERE content = 't2')"));
    assertEquals(1L, TestApp.count("SELECT count(*) FROM chat.sessions WHERE id = '" + sessions[3] + "'"
      + " AND last_message_at IS NULL"));
  }

  @Test
  void aBatchThatWaitedForAnotherCountsWhatThatOneStored() throws Exception {
    Element visitor = new Element(1, "user", "a", null, null, false, null, null);
    try (Connection first = TestApp.connection(); Connection second = TestApp.connection()) {
      first.setAutoCommit(false);
      assertEquals("ok", post(first, List.of(visitor), 1).get(0).outcome());
      String waiting = one(second, "SELECT pg_backend_pid()");
      var blocked = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return post(second, List.of(visitor), 1);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      // until the second batch waits for the first one's lock on the session (a condition, not a time)
      while (TestApp.count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + waiting
        + " AND wait_event_type = 'Lock'") == 0) {
        assertTrue(!blocked.isDone(), () -> "the second batch did not wait: " + blocked.join());
        Thread.onSpinWait();
      }
      first.commit();
      Answer refused = blocked.get(30, java.util.concurrent.TimeUnit.SECONDS).get(0);
      assertEquals("rate_limited", refused.outcome());
      assertTrue(refused.retryAfter() > 30 && refused.retryAfter() <= 60, refused.toString());
    }
    assertEquals(List.of("user:a"), transcript(1));
  }

  private List<Answer> post(List<Element> batch, int limit) throws SQLException {
    try (Connection c = TestApp.connection()) {
      return post(c, batch, limit);
    }
  }

  private List<Answer> post(Connection c, List<Element> batch, int limit) throws SQLException {
    int n = batch.size();
    String[] ids = new String[n], roles = new String[n], contents = new String[n], senders = new String[n],
      names = new String[n], clientIds = new String[n], offline = new String[n], offlineEn = new String[n];
    Boolean[] exclusive = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Element e = batch.get(i);
      ids[i] = e.session() == 0 ? "00000000-0000-4000-8000-000000000000" : sessions[e.session()];
      roles[i] = e.role();
      contents[i] = e.content();
      senders[i] = e.sender() == null ? null : e.sender() == 1 ? adminId : instructorId;
      names[i] = e.sender() == null ? null : e.sender() == 1 ? "Admin" : "Ina";
      clientIds[i] = e.clientId();
      exclusive[i] = e.exclusive();
      offline[i] = e.offline();
      offlineEn[i] = e.offlineEn();
    }
    Map<Integer, Answer> byIndex = new HashMap<>();
    Map<Integer, String> notices = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM chat.post_messages("
      + "?::uuid[], ?, ?, ?::uuid[], ?, ?, ?, ?, ?, ?)")) {
      s.setArray(1, c.createArrayOf("text", ids));
      s.setArray(2, c.createArrayOf("text", roles));
      s.setArray(3, c.createArrayOf("text", contents));
      s.setArray(4, c.createArrayOf("text", senders));
      s.setArray(5, c.createArrayOf("text", names));
      s.setArray(6, c.createArrayOf("text", clientIds));
      s.setArray(7, c.createArrayOf("boolean", exclusive));
      s.setArray(8, c.createArrayOf("text", offline));
      s.setArray(9, c.createArrayOf("text", offlineEn));
      s.setInt(10, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          int i = r.getInt("idx");
          if ("notice".equals(r.getString("kind"))) {
            notices.put(i, r.getString("content"));
          } else {
            byIndex.put(i, new Answer(r.getString("outcome"), (Integer) r.getObject("retry_after"),
              r.getString("assigned_to"), r.getString("status"), r.getString("id"), r.getString("content"), null));
          }
        }
      }
    }
    List<Answer> answers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Answer a = byIndex.get(i);
      assertNotNull(a, "no row for element " + i);
      answers.add(new Answer(a.outcome(), a.retryAfter(), a.assignedTo(), a.status(), a.messageId(), a.content(),
        notices.get(i)));
    }
    return answers;
  }

  private List<String> transcript(int session) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = TestApp.connection(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT role, content FROM chat.messages WHERE session_id = '" + sessions[session]
           + "' ORDER BY seq")) {
      while (r.next()) lines.add(r.getString(1) + ":" + r.getString(2));
    }
    return lines;
  }

  private static String one(String sql) throws SQLException {
    try (Connection c = TestApp.connection()) {
      return one(c, sql);
    }
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
