package verticles.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.Mailbox.Mail;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the verticles' outboxes hand to notify and what notify keeps of it (issue 15's review): an email notify will
 * never take is dropped — a whole pass of them does not hold back the emails behind — and a sent message keeps its
 * subject in the email log but not its bodies, whose one-time links and access codes only the recipient gets.
 */
class OutboxEmailTest {
  /** Rows one pass of an outbox takes ({@code Outbox}'s batch). */
  private static final int OUTBOX_PASS = 100;

  private static String admin, course;
  private static Deliveries deliveries;

  @BeforeAll
  static void setUp() {
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
    admin = TestUsers.adminToken();
    Response r = Api.get().call("catalog.createCourse").token(admin).body(new JsonObject().put("title", "Gitar Dasar")
      .put("description", "Outbox test course").put("level", "beginner").put("instrument", "guitar")
      .put("price_per_session", 300000).put("duration_minutes", 60).put("max_students", 5).put("is_active", true)).send();
    assertEquals(201, r.status(), r.toString());
    course = r.data().getString("id");
    deliveries = Deliveries.watch(TestApp.get().vertx());
  }

  @AfterAll
  static void stopWatching() {
    deliveries.close();
  }

  @BeforeEach
  void emptyMailboxes() {
    Mailbox.clear();
  }

  private static Response register(String email) {
    return Api.get().call("enrollment.register").body(new JsonObject()
      .put("full_name", "Dina Outbox").put("wa_number", "081234567890").put("email", email).put("course_id", course)
      .put("experience_level", "beginner").put("start_date_target", "2026-12-01").put("consent", true)
      .put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", "key-" + UUID.randomUUID())).send();
  }

  private static List<Map<String, Object>> rows(String sql, Object... parameters) {
    return EmailFixtures.rows(TestApp.config(), sql, parameters);
  }

  private static long number(String sql, Object... parameters) {
    return EmailFixtures.number(TestApp.config(), sql, parameters);
  }

  /** The id of the one message queued to {@code to} with {@code template}. */
  private static String messageTo(String to, String template) {
    List<Map<String, Object>> found = rows("SELECT id::text AS id FROM notify.messages WHERE to_address = ? AND template = ?", to, template);
    assertEquals(1, found.size(), to + " " + template + ": " + found);
    return (String) found.get(0).get("id");
  }

  @Test
  void aWholePassOfEmailsNotifyRefusesIsDroppedAndTheNextEmailStillGoes() {
    // rows no flow writes, as a bug would: unknown templates (404 from notify) and emails without a recipient (400) —
    // a whole pass of them, which until dropped would be the pass every flush takes again
    TestApp.sql("""
      INSERT INTO enrollment.outbox (event_type, data, triggered_by)
      SELECT 'email', jsonb_build_object('template', CASE WHEN i %% 2 = 0 THEN 'no-such-template' ELSE 'registration-received' END,
        'to', CASE WHEN i %% 2 = 0 THEN 'refused-' || i || '@outbox.test' END, 'language', 'id',
        'variables', jsonb_build_object('access_code', 'planted-secret-' || i)), 'planted'
      FROM generate_series(1, %d) i""".formatted(OUTBOX_PASS));

    Response r = register("dina@outbox.test");
    assertEquals(201, r.status(), r.toString());
    Mail mail = Mailbox.one("dina@outbox.test");
    assertTrue(mail.text().contains(r.data().getString("registration_number")), mail.text());

    assertEquals(0, number("SELECT count(*) FROM enrollment.outbox WHERE event_type = 'email' AND published_at IS NULL"),
      "the refused rows are marked done, not tried forever");
    assertEquals(OUTBOX_PASS, number("SELECT count(*) FROM enrollment.outbox WHERE triggered_by = 'planted' "
      + "AND data->'variables' IS NULL"),
      "dropped like a handed-over row: without their variables");
    assertEquals(0, number("SELECT count(*) FROM notify.messages WHERE to_address LIKE 'refused-%' OR to_address IS NULL"));
    assertEquals(List.of(), Mailbox.read("refused-2@outbox.test"));
  }

  @Test
  void aSentEmailKeepsNoBodyWhileItsRecipientHasItAll() {
    // a registration's status access code
    Response registered = register("eka@outbox.test");
    assertEquals(201, registered.status(), registered.toString());
    String code = registered.data().getString("access_code");
    Mail received = Mailbox.one("eka@outbox.test");
    assertTrue(received.text().contains(code), received.text());
    assertTrue(received.html().contains(code), received.html());

    // an instructor's one-time set-password link
    Response created = Api.get().call("auth.createInstructor").token(admin).body(new JsonObject().put("email", "guru@outbox.test")
      .put("full_name", "Guru Outbox").put("wa_number", "081234567890")
      .put("instructor_profile", new JsonObject().put("bio", "Guitar").put("specialization", new JsonArray().add("Guitar")))).send();
    assertEquals(201, created.status(), created.toString());
    String token = TestUsers.invitationToken("guru@outbox.test");
    Mail invitation = Mailbox.one("guru@outbox.test");
    assertTrue(invitation.html().contains(token), invitation.html());

    for (String[] sent : new String[][]{{"eka@outbox.test", "registration-received", received.subject()},
      {"guru@outbox.test", "account-invitation", invitation.subject()}}) {
      String id = messageTo(sent[0], sent[1]);
      assertEquals("sent", deliveries.done(id).getString("status"));
      Map<String, Object> kept = rows("SELECT subject, html_body, text_body FROM notify.messages WHERE id = ?::uuid", id).get(0);
      assertEquals(Map.of("subject", sent[2], "html_body", "", "text_body", ""), kept, "the log keeps the subject, no body");
    }
    for (String secret : new String[]{code, token}) {
      assertEquals(0, number("SELECT count(*) FROM notify.messages WHERE strpos(subject || html_body || text_body, ?) > 0", secret));
      assertEquals(0, number("SELECT (SELECT count(*) FROM enrollment.outbox WHERE strpos(data::text, ?) > 0)"
        + " + (SELECT count(*) FROM auth.outbox WHERE strpos(data::text, ?) > 0)", secret, secret), "nor the outboxes: " + secret);
    }
    assertFalse(code.isBlank() || token.isBlank());
  }
}
