package verticles.notify;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.AppProcess;
import verticles.Mailbox;
import verticles.Mailbox.Mail;
import verticles.TestApp;
import verticles.TestNode;
import verticles.notify.SmtpFront.Answer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery over real SMTP (issue 15): retries against a server that is busy, a permanent refusal, the last allowed
 * attempt, two nodes sharing one queue, a node killed mid-queue, and the cluster-wide rate.
 * <p>
 * Every node here runs on a database of its own (its embedded PostgreSQL, none of the suite's shared settings), so
 * the suite's academy — whose worker polls the shared queue and sends straight to GreenMail — never takes these
 * messages: what is asserted is what these nodes did. Their SMTP server is an {@link SmtpFront} before GreenMail.
 */
class DeliveryTest {
  private static Vertx vertx;
  @TempDir
  static Path retryDir;
  /** A node that tries a message 3 times, 2 s each at most, behind a front whose answers each test chooses. */
  private static TestNode retry;
  private static SmtpFront front;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    front = SmtpFront.start(vertx, n -> Answer.PROXY);
    retry = node(retryDir, front.port(), Map.of("ACADEMY_MAIL_MAX_ATTEMPTS", "3", "ACADEMY_MAIL_SEND_TIMEOUT_SECONDS", "2"));
    admin = EmailFixtures.admin(retry.api());
  }

  @AfterAll
  static void stop() {
    if (retry != null) retry.close();
    if (front != null) front.close();
    TestApp.await(vertx.close());
  }

  /** A node with its own database and the roles {@code http,auth,notify} (unless set), sending to loopback:smtpPort. */
  private static TestNode node(Path dir, int smtpPort, Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>(settings);
    env.putIfAbsent("ACADEMY_ROLES", "http,auth,notify");
    env.put("ACADEMY_MAIL_PORT", Integer.toString(smtpPort));
    return TestNode.start(dir, env);
  }

  private static List<Map<String, Object>> attempts(JsonObject config, String id) {
    return EmailFixtures.rows(config, "SELECT attempt, outcome, error, finished_at FROM notify.attempts WHERE message_id = ? "
      + "ORDER BY attempt", UUID.fromString(id));
  }

  /** The message's stored HTML and text parts, "html" and "text". */
  private static Map<String, Object> bodies(JsonObject config, String id) {
    return EmailFixtures.rows(config, "SELECT html_body AS html, text_body AS text FROM notify.messages WHERE id = ?",
      UUID.fromString(id)).get(0);
  }

  /** Bodies are kept only while the message may still be sent. */
  private static void assertBodiesDropped(JsonObject config, String id) {
    assertEquals(Map.of("html", "", "text", ""), bodies(config, id), "a sent or failed message keeps no body");
  }

  // --- retries ------------------------------------------------------------------------------------------------

  @Test
  void aBusyServerIsTriedAgainUntilItAccepts() throws Exception {
    front.policy(n -> n <= 2 ? Answer.BUSY : Answer.PROXY);
    Api api = retry.api();
    try (Deliveries deliveries = Deliveries.watch(retry.vertx())) {
      String id = EmailFixtures.queue(api, admin, "retried@delivery.test");
      assertEquals("queued", deliveries.attempt(id, 1).getString("status"));
      JsonObject waiting = EmailFixtures.status(api, admin, id);
      assertEquals("queued", waiting.getString("status"), "waiting between retries: " + waiting);
      assertEquals(1, waiting.getInteger("attempts"));
      assertTrue(waiting.getString("last_error").startsWith("421"), waiting.encode());
      assertNull(waiting.getValue("sent_at"));
      assertTrue(((String) bodies(retry.config(), id).get("text")).contains("Rp 250.000,00"), "kept for the retry");
      assertEquals("queued", deliveries.attempt(id, 2).getString("status"));
      assertEquals("sent", deliveries.attempt(id, 3).getString("status"));

      JsonObject sent = EmailFixtures.status(api, admin, id);
      assertEquals("sent", sent.getString("status"));
      assertEquals(3, sent.getInteger("attempts"), "two refusals and the delivery");
      assertNotNull(sent.getString("sent_at"));
      assertNull(sent.getValue("last_error"));
      List<Map<String, Object>> attempts = attempts(retry.config(), id);
      assertEquals(3, attempts.size(), attempts.toString());
      for (int i = 0; i < 2; i++) {
        assertEquals("failed", attempts.get(i).get("outcome"), attempts.toString());
        assertTrue(((String) attempts.get(i).get("error")).startsWith("421"), attempts.toString());
      }
      assertEquals("sent", attempts.get(2).get("outcome"));
      assertNull(attempts.get(2).get("error"));
      attempts.forEach(attempt -> assertNotNull(attempt.get("finished_at")));
      assertEquals("<" + id + "@academy.local>", Mailbox.one("retried@delivery.test").messageId());
      assertEquals(3, front.connections(), "one connection per attempt");
      assertBodiesDropped(retry.config(), id);
    }
  }

  @Test
  void aPermanentRefusalFailsAtOnce() {
    front.policy(n -> Answer.REJECT);
    Api api = retry.api();
    try (Deliveries deliveries = Deliveries.watch(retry.vertx())) {
      String id = EmailFixtures.queue(api, admin, "unknown@delivery.test");
      JsonObject report = deliveries.done(id);
      assertEquals("failed", report.getString("status"));
      assertEquals(1, report.getInteger("attempt"));
      JsonObject failed = EmailFixtures.status(api, admin, id);
      assertEquals("failed", failed.getString("status"));
      assertEquals(1, failed.getInteger("attempts"), "a 5xx is not tried again");
      assertTrue(failed.getString("last_error").startsWith("550"), failed.encode());
      assertNull(failed.getValue("sent_at"));
      List<Map<String, Object>> attempts = attempts(retry.config(), id);
      assertEquals(1, attempts.size(), attempts.toString());
      assertEquals("failed", attempts.get(0).get("outcome"));
      assertTrue(((String) attempts.get(0).get("error")).startsWith("550 5.1.1"), attempts.toString());
      assertEquals(List.of(), Mailbox.read("unknown@delivery.test"));
      assertBodiesDropped(retry.config(), id);
      JsonObject health = retry.api().call("notify.emailHealth").send().data();
      assertTrue(health.getJsonObject("queue").getInteger("failed") >= 1, health.encode());
    }
  }

  @Test
  void theLastAllowedAttemptFailsForGood() {
    front.policy(n -> Answer.BUSY);
    Api api = retry.api();
    try (Deliveries deliveries = Deliveries.watch(retry.vertx())) {
      String id = EmailFixtures.queue(api, admin, "never@delivery.test");
      JsonObject report = deliveries.done(id);
      assertEquals("failed", report.getString("status"));
      assertEquals(3, report.getInteger("attempt"), "mail.max_attempts = 3");
      JsonObject failed = EmailFixtures.status(api, admin, id);
      assertEquals("failed", failed.getString("status"));
      assertEquals(3, failed.getInteger("attempts"));
      assertTrue(failed.getString("last_error").startsWith("421"), failed.encode());
      List<Map<String, Object>> attempts = attempts(retry.config(), id);
      assertEquals(List.of("failed", "failed", "failed"), attempts.stream().map(a -> a.get("outcome")).toList());
      assertEquals(3, front.connections());
      assertEquals(List.of(), Mailbox.read("never@delivery.test"));
      assertBodiesDropped(retry.config(), id);
    }
  }

  @Test
  void aServerThatNeverAnswersCostsOneAttemptNotTheQueue() {
    front.policy(n -> n == 1 ? Answer.HOLD : Answer.PROXY);
    Api api = retry.api();
    try (Deliveries deliveries = Deliveries.watch(retry.vertx())) {
      String id = EmailFixtures.queue(api, admin, "patient@delivery.test");
      assertEquals("queued", deliveries.attempt(id, 1).getString("status"), "given up after the lease (2 s)");
      assertEquals("sent", deliveries.attempt(id, 2).getString("status"));
      List<Map<String, Object>> attempts = attempts(retry.config(), id);
      assertEquals("failed", attempts.get(0).get("outcome"));
      assertTrue(((String) attempts.get(0).get("error")).contains("within 2 s (mail.send_timeout_seconds)"), attempts.toString());
      assertEquals("sent", attempts.get(1).get("outcome"));
      assertEquals(1, Mailbox.await("patient@delivery.test", 1).size());
    }
  }

  /**
   * A server that is slow but not silent (it takes each message, then answers the final "." only after the node's
   * send timeout — here: once the node recorded the timeout — talking meanwhile): each timed-out attempt is recorded
   * as failed and queued for a retry, then the late acceptance turns it into the truth — sent, by that attempt — so
   * the retry never happens and each message arrives exactly once. Its own node: the retry waits an hour, so no second
   * attempt can begin before the acceptance (which would make a duplicate the only outcome left).
   */
  @Test
  void aSendAcceptedAfterItsTimeoutIsRecordedAsSentAndNotRepeated(@TempDir Path dir) throws Exception {
    int count = 3;
    try (SmtpFront slow = SmtpFront.start(vertx, n -> Answer.SLOW);
         TestNode node = node(dir, slow.port(), Map.of("ACADEMY_MAIL_SEND_TIMEOUT_SECONDS", "2",
           "ACADEMY_MAIL_RETRY_BASE_SECONDS", "3600", "ACADEMY_MAIL_RETRY_MAX_SECONDS", "3600"));
         Deliveries deliveries = Deliveries.watch(node.vertx())) {
      String token = EmailFixtures.admin(node.api());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) ids.add(EmailFixtures.queue(node.api(), token, "late-" + i + "@delivery.test"));
      for (String id : ids) {
        assertEquals("queued", deliveries.attempt(id, 1).getString("status"), "timed out, to be retried in an hour");
        JsonObject waiting = EmailFixtures.status(node.api(), token, id);
        assertEquals("queued", waiting.getString("status"), waiting.encode());
        assertTrue(waiting.getString("last_error").contains("within 2 s (mail.send_timeout_seconds)"), waiting.encode());
      }
      assertEquals(count, slow.connections(), "one connection per message, each held past the timeout");

      slow.release(); // GreenMail's acceptances reach the node now, after each send's timeout
      for (int i = 0; i < count; i++) {
        String id = ids.get(i);
        JsonObject done = deliveries.done(id);
        assertEquals("sent", done.getString("status"), "the late acceptance is recorded: " + deliveries.reports(id));
        assertEquals(1, done.getInteger("attempt"));
        JsonObject sent = EmailFixtures.status(node.api(), token, id);
        assertEquals("sent", sent.getString("status"), sent.encode());
        assertEquals(1, sent.getInteger("attempts"), "no retry of a delivered email");
        assertNull(sent.getValue("last_error"), sent.encode());
        assertNotNull(sent.getString("sent_at"));
        List<Map<String, Object>> attempts = attempts(node.config(), id);
        assertEquals(1, attempts.size(), attempts.toString());
        assertEquals("sent", attempts.get(0).get("outcome"), "the timed-out attempt is the one that delivered: " + attempts);
        assertNull(attempts.get(0).get("error"), attempts.toString());
        assertNotNull(attempts.get(0).get("finished_at"));
        assertBodiesDropped(node.config(), id);
        assertEquals(1, Mailbox.await("late-" + i + "@delivery.test", 1).size());
        assertEquals(1, Mailbox.withMessageId("<" + id + "@academy.local>"), "delivered exactly once");
      }
      assertEquals(0, EmailFixtures.number(node.config(), "SELECT count(*) FROM notify.messages WHERE status <> 'sent'"));
    }
  }

  // --- nodes --------------------------------------------------------------------------------------------------

  /**
   * Two nodes on one database, each with its worker: each front holds its node's first connection until both nodes
   * are sending (so both took part for sure), then lets everything through. Every message arrives exactly once.
   */
  @Test
  void twoNodesSendEachQueuedMessageExactlyOnce(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    int count = 40;
    try (SmtpFront frontA = SmtpFront.start(vertx, n -> Answer.HOLD); SmtpFront frontB = SmtpFront.start(vertx, n -> Answer.HOLD);
         TestNode a = node(dirA, frontA.port(), Map.of());
         TestNode b = node(dirB, frontB.port(), withRoles(EmailFixtures.sharing(a), "notify"));
         Deliveries deliveries = Deliveries.watch(a.vertx(), b.vertx())) {
      String token = EmailFixtures.admin(a.api());
      List<String> ids = new ArrayList<>(), recipients = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        recipients.add("once-" + i + "@delivery.test");
        ids.add(EmailFixtures.queue(a.api(), token, recipients.get(i)));
      }
      frontA.awaitConnections(1);
      frontB.awaitConnections(1);
      frontA.open();
      frontB.open();
      for (String id : ids) assertEquals("sent", deliveries.done(id).getString("status"));
      for (int i = 0; i < count; i++) {
        List<Mail> mails = Mailbox.await(recipients.get(i), 1);
        assertEquals(1, mails.size(), recipients.get(i) + ": " + mails);
        assertEquals("<" + ids.get(i) + "@academy.local>", mails.get(0).messageId());
      }
      assertEquals(count, EmailFixtures.number(a.config(), "SELECT count(*) FROM notify.attempts"), "one attempt per message");
      assertEquals(count, EmailFixtures.number(a.config(), "SELECT count(*) FROM notify.messages WHERE status = 'sent' AND attempts = 1"));
      long byA = ids.stream().filter(id -> deliveries.done(id).getInteger("node") == 0).count();
      assertTrue(byA > 0 && byA < count, "both nodes sent: " + byA + " by the first");
    }
  }

  private static Map<String, String> withRoles(Map<String, String> env, String roles) {
    return TestNode.withRoles(env, roles);
  }

  /**
   * A node is killed (SIGKILL of its JVM) while one message is delivered, others are mid-send (their SMTP server
   * silent) and others wait; restarted on the same data dir, it sends every message — nothing is lost, and a message
   * that may have gone out twice carries the same Message-ID both times.
   */
  @Test
  void aNodeKilledMidQueueSendsEverythingAfterItsRestart(@TempDir Path dir) throws Exception {
    int count = 10;
    Map<String, String> env = AppProcess.standalone(dir);
    env.putAll(Map.of("ACADEMY_ROLES", "http,auth,notify", "ACADEMY_MAIL_HOST", "127.0.0.1", "ACADEMY_MAIL_STARTTLS", "disabled",
      "ACADEMY_MAIL_POLL_SECONDS", "1", "ACADEMY_MAIL_RETRY_BASE_SECONDS", "1", "ACADEMY_MAIL_RETRY_MAX_SECONDS", "4",
      "ACADEMY_MAIL_SEND_TIMEOUT_SECONDS", "5", "ACADEMY_DATABASE_EMBEDDED_DURABLE", "true"));
    List<String> ids = new ArrayList<>(), recipients = new ArrayList<>();
    for (int i = 0; i < count; i++) recipients.add("survivor-" + i + "@delivery.test");
    JsonObject database;
    try (SmtpFront silent = SmtpFront.start(vertx, n -> Answer.HOLD)) {
      env.put("ACADEMY_MAIL_PORT", Integer.toString(silent.port()));
      AppProcess first = AppProcess.start(env).awaitReady();
      try {
        Api api = Api.at(vertx, Integer.parseInt(env.get("ACADEMY_HTTP_PORT")));
        String token = EmailFixtures.admin(api);
        ids.add(EmailFixtures.queue(api, token, recipients.get(0)));
        silent.awaitConnections(1); // the worker claimed the first message alone and waits for the server
        for (int i = 1; i < count; i++) ids.add(EmailFixtures.queue(api, token, recipients.get(i)));
        silent.release(); // the first message goes out; the next claim sends on the same connection and new silent ones
        Mailbox.await(recipients.get(0), 1);
        silent.awaitConnections(2);
        first.killJvm();
      } finally {
        if (first.process.isAlive()) first.killJvm();
      }
      database = new JsonObject().put("database", new JsonObject().put("host", "127.0.0.1")
        .put("port", Integer.parseInt(env.get("ACADEMY_DATABASE_EMBEDDED_PORT"))).put("name", "academy").put("user", "postgres")
        .put("password", Files.readString(dir.resolve("postgres.password")).trim()));
      assertTrue(EmailFixtures.number(database, "SELECT count(*) FROM notify.messages WHERE status = 'sent'") >= 1,
        "the first message was sent before the kill");
      assertTrue(EmailFixtures.number(database, "SELECT count(*) FROM notify.messages WHERE status = 'sending'") >= 1,
        "some were mid-send at the kill");
    }
    List<String> inFlight = EmailFixtures.rows(database, "SELECT id::text AS id FROM notify.messages WHERE status = 'sending'")
      .stream().map(row -> (String) row.get("id")).toList();

    env.put("ACADEMY_MAIL_PORT", Integer.toString(Mailbox.smtpPort())); // the same data dir; the mail server answers now
    try (TestNode restarted = TestNode.start(dir, env); Deliveries deliveries = Deliveries.watch(restarted.vertx())) {
      String token = EmailFixtures.admin(restarted.api());
      for (String id : ids) {
        String status = EmailFixtures.status(restarted.api(), token, id).getString("status");
        if (!Deliveries.FINAL.contains(status)) status = deliveries.done(id).getString("status");
        assertEquals("sent", status, id);
      }
      for (int i = 0; i < count; i++) {
        List<Mail> mails = Mailbox.await(recipients.get(i), 1);
        for (Mail mail : mails) {
          assertEquals("<" + ids.get(i) + "@academy.local>", mail.messageId(), "a repeated delivery is recognisable: " + mails);
        }
      }
      for (String id : inFlight) {
        assertTrue(EmailFixtures.status(restarted.api(), token, id).getInteger("attempts") >= 2,
          "claimed again once the dead node's lease ran out: " + id);
      }
    } finally {
      // the killed JVM's PostgreSQL and Redis, if the restart did not take them over and stop them
      AppProcess.postmaster(dir).ifPresent(ProcessHandle::destroyForcibly);
      AppProcess.redis(dir).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  // --- the rate ---------------------------------------------------------------------------------------------

  /**
   * mail.rate_per_minute = 5 on two nodes sharing the queue, 12 messages: 5 attempts start, and after each node has
   * run whole claims since, no minute of notify.attempts holds more than 5 and the other 7 are still queued, untried.
   */
  @Test
  void theRatePerMinuteHoldsAcrossNodes(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    Map<String, String> rate = Map.of("ACADEMY_MAIL_RATE_PER_MINUTE", "5");
    try (TestNode a = node(dirA, Mailbox.smtpPort(), rate);
         TestNode b = node(dirB, Mailbox.smtpPort(), withRoles(merge(EmailFixtures.sharing(a), rate), "notify"));
         Deliveries deliveries = Deliveries.watch(a.vertx(), b.vertx())) {
      String token = EmailFixtures.admin(a.api());
      for (int i = 0; i < 12; i++) EmailFixtures.queue(a.api(), token, "rated-" + i + "@delivery.test");
      assertEquals(5, deliveries.awaitCount("sent", 5));
      awaitWholeClaimsOnEveryNode(a.config(), deliveries, 2);

      Map<String, Object> state = EmailFixtures.rows(a.config(), """
        SELECT (SELECT count(*) FROM notify.attempts) AS attempts,
               (SELECT max((SELECT count(*) FROM notify.attempts y
                            WHERE y.started_at >= x.started_at AND y.started_at < x.started_at + interval '1 minute'))
                FROM notify.attempts x) AS busiest_minute,
               (SELECT count(*) FROM notify.messages WHERE to_address LIKE 'rated-%' AND status = 'queued' AND attempts = 0) AS untried,
               (SELECT count(*) FROM notify.messages WHERE to_address LIKE 'rated-%' AND status = 'sent') AS sent,
               statement_timestamp() < (SELECT min(started_at) FROM notify.attempts) + interval '1 minute' AS first_minute""").get(0);
      assertEquals(5L, state.get("busiest_minute"), state.toString());
      if ((Boolean) state.get("first_minute")) {
        assertEquals(5L, state.get("attempts"), state.toString());
        assertEquals(5L, state.get("sent"), state.toString());
        assertEquals(7L, state.get("untried"), "the rest stay queued: " + state);
      }
    }
  }

  /**
   * mail.rate_per_second = 2, 7 messages due at once: all are sent, and no second holds more than 2 attempts — a
   * backlog goes out spread over the minute, not as one burst of the minute's rate (which took the node's core from
   * its requests for a moment each minute; docs/PERFORMANCE.md, seventh session).
   */
  @Test
  void theRatePerSecondSpreadsABacklog(@TempDir Path dir) throws Exception {
    try (TestNode node = node(dir, Mailbox.smtpPort(), Map.of("ACADEMY_MAIL_RATE_PER_SECOND", "2"));
         Deliveries deliveries = Deliveries.watch(node.vertx())) {
      EmailFixtures.rows(node.config(), """
        INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body)
        SELECT 'paced:' || i, 'password-reset', 'id', 'paced-' || i || '@delivery.test', 's', 'h', 't'
        FROM generate_series(1, 7) i
        RETURNING id""");
      assertEquals(7, deliveries.awaitCount("sent", 7));
      Map<String, Object> state = EmailFixtures.rows(node.config(), """
        SELECT (SELECT count(*) FROM notify.messages WHERE dedupe_key LIKE 'paced:%' AND status = 'sent') AS sent,
               (SELECT max((SELECT count(*) FROM notify.attempts y
                            WHERE y.started_at >= x.started_at AND y.started_at < x.started_at + interval '1 second'))
                FROM notify.attempts x) AS busiest_second""").get(0);
      assertEquals(7L, state.get("sent"), state.toString());
      assertEquals(2L, state.get("busiest_second"), state.toString());
    }
  }

  /**
   * The bulk lane (an import's invitations): with room for 3 sends a minute and 6 bulk messages due before one other
   * (all queued at once), the other is among the first 3 sent.
   */
  @Test
  void bulkEmailsWaitBehindEveryOtherEmail(@TempDir Path dir) throws Exception {
    try (TestNode node = node(dir, Mailbox.smtpPort(), Map.of("ACADEMY_MAIL_RATE_PER_MINUTE", "3"));
         Deliveries deliveries = Deliveries.watch(node.vertx())) {
      EmailFixtures.rows(node.config(), """
        INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body, bulk, next_attempt_at)
        SELECT 'bulk:' || i, 'account-invitation', 'id', 'bulk-' || i || '@delivery.test', 's', 'h', 't', true,
               now() - make_interval(mins => 10 - i)
        FROM generate_series(1, 6) i
        UNION ALL
        SELECT 'urgent', 'password-reset', 'id', 'urgent@delivery.test', 's', 'h', 't', false, now()
        RETURNING id""");
      assertEquals(3, deliveries.awaitCount("sent", 3));
      Map<String, Object> state = EmailFixtures.rows(node.config(), """
        SELECT (SELECT status FROM notify.messages WHERE dedupe_key = 'urgent') AS urgent,
               statement_timestamp() < (SELECT min(started_at) FROM notify.attempts) + interval '1 minute' AS first_minute""").get(0);
      if ((Boolean) state.get("first_minute")) assertEquals("sent", state.get("urgent"), state.toString());
    }
  }

  /**
   * A long queue (5,000 due, uncommitted: no worker sees them) costs a claim its batch, not a read of the queue: the
   * claim's plan reaches notify.messages only through indexes. Its old limit, computed from the rate's subquery, hid
   * the batch size from the planner, which then joined the update by a sequential scan of every message — several
   * times a second while a backlog drained, on the core the requests need (docs/PERFORMANCE.md, seventh session).
   */
  @Test
  void aClaimReadsItsBatchNotTheWholeQueue() throws Exception {
    try (java.sql.Connection c = EmailFixtures.connection(retry.config()); java.sql.Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("""
        INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body)
        SELECT 'backlog:' || i, 'enrollment-received', 'id', 'backlog-' || i || '@delivery.test', 's', repeat('h', 700), repeat('t', 500)
        FROM generate_series(1, 5000) i""");
      s.execute("ANALYZE notify.messages");
      s.execute("PREPARE claim(int, int, text, int, int, int) AS " + NotifySql.CLAIM);
      StringBuilder plan = new StringBuilder();
      try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN EXECUTE claim(" + Sender.BATCH + ", 60, 'plan', 120, 3, 10)")) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      c.rollback();
      assertTrue(plan.toString().contains("Index Scan using messages_due on messages"), plan.toString());
      assertFalse(plan.toString().contains("Seq Scan on messages"), plan.toString());
    }
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }

  /**
   * Returns once every watched node has started {@code passes} passes of its worker since the call, so each finished
   * at least one whole pass — a claim included — in between (a node's passes run one after another). A pass shows by
   * giving up a planted message: "sending", out of attempts, its lease over; the next one is planted once the last
   * was given up, so the nodes' polls take turns.
   */
  private static void awaitWholeClaimsOnEveryNode(JsonObject config, Deliveries deliveries, int passes) {
    int[] seen = new int[2];
    for (int planted = 0; Math.min(seen[0], seen[1]) < passes; planted++) {
      assertTrue(planted < 40, "the nodes' workers gave up " + seen[0] + " and " + seen[1] + " planted messages");
      String id = (String) EmailFixtures.rows(config, """
        INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body, status, attempts,
                                     next_attempt_at)
        VALUES (?, 'password-reset', 'id', 'planted@delivery.test', 's', 'h', 't', 'sending', 8, now() - interval '1 second')
        RETURNING id::text AS id""", "planted:" + UUID.randomUUID()).get(0).get("id");
      JsonObject report = deliveries.done(id);
      assertEquals("failed", report.getString("status"));
      assertBodiesDropped(config, id); // given up: no body kept either
      seen[report.getInteger("node")]++;
    }
  }
}
