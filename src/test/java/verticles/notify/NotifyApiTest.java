package verticles.notify;

import io.vertx.core.http.HttpMethod;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The /api/email operations (issue 15, seed 003 §3.2) through the router, each success and failure, with the emails
 * read back from the suite's SMTP server over IMAP as their recipients would read them.
 */
class NotifyApiTest {
  private static final String PASSWORD = "Notify-Test-Pass-1";
  private static final List<String> TEMPLATES = List.of("registration-received", "enrollment-approved",
    "enrollment-rejected", "enrollment-cancelled", "class-reminder", "account-invitation", "password-reset",
    "email-verification", "payment-confirmation", "enrollment-confirmation", "assignment-published", "assignment-reminder",
    "submission-graded",
    // billing (issue 18, w18a)
    "invoice-issued", "invoice-expired");

  private static Api api;
  private static String admin, instructor, student;
  private static Deliveries deliveries;

  @BeforeAll
  static void accounts() {
    TestApp.resetData();
    api = Api.get();
    TestUsers.create("instructor", "teacher@notify.test", PASSWORD, "active");
    TestUsers.create("student", "student@notify.test", PASSWORD, "active");
    admin = TestUsers.adminToken();
    instructor = TestUsers.login("teacher@notify.test", PASSWORD).getString("access_token");
    student = TestUsers.login("student@notify.test", PASSWORD).getString("access_token");
    deliveries = Deliveries.watch(TestApp.get().vertx());
  }

  @AfterAll
  static void stopWatching() {
    deliveries.close();
  }

  @BeforeEach
  void emptyQueue() {
    TestApp.sql("TRUNCATE notify.messages, notify.attempts, notify.templates CASCADE");
    Mailbox.clear();
  }

  /** Queues an email through the API as {@code token}; its message id. */
  private static String queue(String operation, JsonObject body) {
    Response r = api.call(operation).token(admin).body(body).send();
    assertEquals(200, r.status(), r.toString());
    String id = r.data().getString("message_id");
    UUID.fromString(id);
    return id;
  }

  /** Queues, waits until it is sent, and returns the one email its recipient got. */
  private static Mail delivered(String operation, JsonObject body) {
    String id = queue(operation, body);
    assertEquals("sent", deliveries.done(id).getString("status"));
    Mail mail = Mailbox.one(body.getString("email"));
    assertEquals("<" + id + "@academy.local>", mail.messageId(), "the stable Message-ID, on the sender's domain");
    return mail;
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

  // --- GET /api/email/templates -------------------------------------------------------------------------------

  @Test
  void theTenTemplatesAreListedWithTheirVariablesAndLanguages() {
    Response r = api.call("notify.listTemplates").token(admin).send();
    assertEquals(200, r.status(), r.toString());
    JsonArray templates = r.json().getJsonArray("data");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      JsonObject template = templates.getJsonObject(i);
      ids.add(template.getString("id"));
      assertEquals(new JsonArray().add("id").add("en"), template.getJsonArray("languages"), template.encode());
      assertFalse(template.getJsonArray("variables").isEmpty(), template.encode());
      assertFalse(template.getString("name").isBlank(), template.encode());
    }
    assertEquals(TEMPLATES, ids);
    JsonObject payment = templates.getJsonObject(ids.indexOf("payment-confirmation"));
    assertEquals("Payment Confirmation", payment.getString("name"));
    assertEquals("Konfirmasi Pembayaran — {{courseName}}", payment.getString("subject"));
    assertEquals(new JsonArray().add("username").add("courseName").add("amount").add("transactionId").add("date"),
      payment.getJsonArray("variables"), "the seed's variables");
    assertEquals(new JsonArray().add("username").add("courseName").add("packageName").add("price").add("paymentId").add("date"),
      templates.getJsonObject(ids.indexOf("enrollment-confirmation")).getJsonArray("variables"));
  }

  @Test
  void onlyAdminsListTemplates() {
    assertError(api.call("notify.listTemplates").token(instructor).send(), 403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.listTemplates").token(student).send(), 403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.listTemplates").send(), 401, "AUTH_UNAUTHORIZED");
  }

  // --- PUT /api/email/templates/{templateId} ----------------------------------------------------------------

  private static Response edit(String template, JsonObject body) {
    // in English: the tests assert the API's English texts (Indonesian is the default, see ApiLanguageTest)
    return api.call("notify.updateTemplate").token(admin).path("templateId", template).body(body).header("Accept-Language", "en").send();
  }

  @Test
  void anEditIsUsedByTheNextEmailInItsLanguageOnly() {
    Response saved = edit("payment-confirmation", new JsonObject()
      .put("subject", "Pembayaran diterima: {{courseName}}")
      .put("html_content", "<p>Terima kasih {{username}}: {{amount}}</p>"));
    assertEquals(200, saved.status(), saved.toString());
    assertEquals(new JsonObject().put("id", "payment-confirmation").put("name", "Payment Confirmation")
      .put("subject", "Pembayaran diterima: {{courseName}}"), saved.data());
    JsonArray listed = api.call("notify.listTemplates").token(admin).send().json().getJsonArray("data");
    assertEquals("Pembayaran diterima: {{courseName}}", listed.getJsonObject(TEMPLATES.indexOf("payment-confirmation")).getString("subject"));

    Mail indonesian = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("edited-id@notify.test"));
    assertEquals("Pembayaran diterima: Web Development", indonesian.subject());
    assertTrue(indonesian.html().contains("<p>Terima kasih User Name: Rp 250.000,00</p>"), indonesian.html());
    assertTrue(indonesian.text().contains("Pembayaran Anda untuk kursus Web Development telah kami terima."),
      "without text_content the shipped text part stays: " + indonesian.text());

    Mail english = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("edited-en@notify.test").put("language", "en"));
    assertEquals("Payment Confirmation — Web Development", english.subject(), "the English template is untouched");
    assertTrue(english.html().contains("We have received your payment for <strong>Web Development</strong>."), english.html());

    Mail other = delivered("notify.sendEnrollmentConfirmation", EmailFixtures.enrollment("edited-other@notify.test"));
    assertEquals("Konfirmasi Pendaftaran — Game Development", other.subject(), "other templates are untouched");
  }

  @Test
  void anEnglishEditKeepsItsTextPartWhenALaterEditOmitsIt() {
    Response first = edit("payment-confirmation", new JsonObject().put("language", "en").put("subject", "Paid: {{courseName}}")
      .put("html_content", "<p>Paid {{amount}}</p>").put("text_content", "Paid {{amount}} on {{date}}"));
    assertEquals(200, first.status(), first.toString());
    Response second = edit("payment-confirmation", new JsonObject().put("language", "en").put("subject", "Paid again: {{courseName}}")
      .put("html_content", "<p>Paid again {{amount}}</p>"));
    assertEquals(200, second.status(), second.toString());
    assertEquals("Paid again: {{courseName}}", second.data().getString("subject"));

    JsonObject numbers = EmailFixtures.payment("edited-twice@notify.test").put("amount", 250000).put("date", "2025-05-11")
      .put("language", "en");
    Mail english = delivered("notify.sendPaymentConfirmation", numbers);
    assertEquals("Paid again: Web Development", english.subject());
    assertTrue(english.html().contains("<p>Paid again Rp 250,000.00</p>"), english.html());
    assertEquals("Paid Rp 250,000.00 on 11 May 2025", english.text().strip(), "the first edit's text part stays");

    JsonArray listed = api.call("notify.listTemplates").token(admin).send().json().getJsonArray("data");
    assertEquals("Konfirmasi Pembayaran — {{courseName}}", listed.getJsonObject(TEMPLATES.indexOf("payment-confirmation"))
      .getString("subject"), "the list shows the Indonesian subject");
    Mail indonesian = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("edited-twice-id@notify.test"));
    assertEquals("Konfirmasi Pembayaran — Web Development", indonesian.subject());
  }

  @Test
  void aVariableTheTemplateDoesNotOfferIsRefusedNamingTheFieldAndTheVariable() {
    String[][] cases = {
      {"subject", "Hello {{password}}", "password"},
      {"html_content", "<p>{{username}} {{access_code}}</p>", "access_code"},
      {"text_content", "{{#steps}}{{.}}{{/steps}}", "steps"},
      {"html_content", "<p>{{username.length}}</p>", "username.length"},
    };
    for (String[] c : cases) {
      JsonObject body = new JsonObject().put("subject", "Payment {{courseName}}").put("html_content", "<p>{{username}}</p>");
      body.put(c[0], c[1]);
      Response r = edit("payment-confirmation", body);
      assertError(r, 400, "NOTIFY_TEMPLATE_INVALID");
      JsonObject field = r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0);
      assertEquals(c[0], field.getString("field"), r.toString());
      assertTrue(field.getString("message").contains("'" + c[2] + "'"), r.toString());
      assertTrue(r.json().getString("error").contains(c[2]), r.toString());
    }
    assertShippedPaymentTemplate("nothing was saved");
  }

  @Test
  void partialsBrokenSyntaxAndUnescapedHtmlAreRefused() {
    String[][] cases = {
      {"html_content", "<p>{{> footer}}</p>", "footer"},
      {"html_content", "<p>{{#username}}never closed</p>", null},
      {"text_content", "Hello {{username", "{{username"},
      {"subject", "{{/courseName}} closed first", null},
      {"html_content", "<p>{{ }}</p>", null},
      {"html_content", "<p>{{#username}}{{/courseName}}</p>", null},
      {"html_content", "<p>{{{username}}}</p>", "HTML-escaped"},
      {"html_content", "<p>{{& username}}</p>", "HTML-escaped"},
      {"text_content", "{{=<% %>=}}Hi <% username %>", "delimiters"},
    };
    for (String[] c : cases) {
      JsonObject body = new JsonObject().put("subject", "Payment {{courseName}}").put("html_content", "<p>{{username}}</p>");
      body.put(c[0], c[1]);
      Response r = edit("payment-confirmation", body);
      assertError(r, 400, "NOTIFY_TEMPLATE_INVALID");
      JsonObject field = r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0);
      assertEquals(c[0], field.getString("field"), r.toString());
      if (c[2] != null) assertTrue(field.getString("message").contains(c[2]), r.toString());
    }
    assertShippedPaymentTemplate("nothing was saved");
  }

  private static void assertShippedPaymentTemplate(String why) {
    Mail mail = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("shipped-" + UUID.randomUUID() + "@notify.test"));
    assertEquals("Konfirmasi Pembayaran — Web Development", mail.subject(), why);
  }

  @Test
  void anUnknownTemplateIs404AndBadBodiesAre400() {
    JsonObject body = new JsonObject().put("subject", "Hello").put("html_content", "<p>Hello</p>");
    assertError(edit("no-such-template", body), 404, "NOTIFY_TEMPLATE_NOT_FOUND");
    assertError(edit("payment-confirmation", new JsonObject().put("subject", "Hello")), 400, "VALIDATION_REQUIRED_FIELD");
    assertEquals(400, edit("payment-confirmation", body.copy().put("subject", "Two\nlines")).status());
    assertEquals(400, edit("payment-confirmation", body.copy().put("language", "fr")).status());
    assertEquals(400, edit("payment-confirmation", body.copy().put("htmlContent", "<p>seed spelling</p>")).status(),
      "unknown fields are refused");
    assertEquals(400, edit("payment-confirmation", body.copy().put("html_content", "   ")).status());
    assertError(api.call("notify.updateTemplate").token(instructor).path("templateId", "payment-confirmation").body(body).send(),
      403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.updateTemplate").path("templateId", "payment-confirmation").body(body).send(),
      401, "AUTH_UNAUTHORIZED");
  }

  // --- POST /api/email/payment-confirmation and /enrollment-confirmation -------------------------------------

  @Test
  void thePaymentConfirmationWithTheSeedsBody() {
    Mail mail = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("payer@notify.test"));
    assertEquals("no-reply@academy.local", mail.from());
    assertEquals("payer@notify.test", mail.to());
    assertEquals("Konfirmasi Pembayaran — Web Development", mail.subject());
    for (String line : new String[]{"Halo User Name,", "Pembayaran Anda untuk kursus Web Development telah kami terima.",
      "Jumlah: Rp 250.000,00", "ID transaksi: 75c2d819-7a8d-4ce7-ac19-bba55efd2b72", "Tanggal: 11 Mei 2025"}) {
      assertTrue(mail.text().contains(line), line + " in " + mail.text());
    }
    assertTrue(mail.html().contains("Jumlah: <strong>Rp 250.000,00</strong>"), mail.html());
  }

  @Test
  void theEnrollmentConfirmationWithTheSeedsBody() {
    Mail mail = delivered("notify.sendEnrollmentConfirmation", EmailFixtures.enrollment("enrolled@notify.test"));
    assertEquals("Konfirmasi Pendaftaran — Game Development", mail.subject());
    for (String line : new String[]{"Halo User Name,", "Pendaftaran Anda untuk kursus Game Development telah dikonfirmasi.",
      "Paket: Paket Entry", "Harga: Rp 250.000,00", "ID pembayaran: fc05869b-72b2-4b55-b749-29ff64b1f28c", "Tanggal: 11 Mei 2025"}) {
      assertTrue(mail.text().contains(line), line + " in " + mail.text());
    }
  }

  @Test
  void numbersAndIsoDatesAreShownInTheRecipientsLanguage() {
    JsonObject raw = EmailFixtures.payment("numbers-id@notify.test").put("amount", 250000).put("date", "2025-05-11");
    Mail indonesian = delivered("notify.sendPaymentConfirmation", raw);
    assertTrue(indonesian.text().contains("Jumlah: Rp 250.000,00"), indonesian.text());
    assertTrue(indonesian.text().contains("Tanggal: 11 Mei 2025"), indonesian.text());

    Mail english = delivered("notify.sendPaymentConfirmation", raw.copy().put("email", "numbers-en@notify.test").put("language", "en"));
    assertEquals("Payment Confirmation — Web Development", english.subject());
    assertTrue(english.text().contains("Amount: Rp 250,000.00"), english.text());
    assertTrue(english.text().contains("Date: 11 May 2025"), english.text());

    JsonObject bare = EmailFixtures.enrollment("bare@notify.test").put("date", "2025-05-11");
    bare.remove("packageName");
    bare.remove("paymentId");
    Mail enrollment = delivered("notify.sendEnrollmentConfirmation", bare.put("language", "en").put("price", 1500000));
    assertTrue(enrollment.text().contains("Price: Rp 1,500,000.00"), enrollment.text());
    assertFalse(enrollment.text().contains("Package"), "no package line without a package: " + enrollment.text());
    assertFalse(enrollment.text().contains("Payment id"), enrollment.text());
  }

  /**
   * Money is formatted up to a trillion rupiah (the contract's largest number); longer digit strings and exponent forms
   * are text, shown as given — formatting 1e30000000 as rupiah once held the event loop (issue 15's review).
   */
  @Test
  void amountsBeyondATrillionOrInExponentFormAreShownAsGiven() {
    Object[][] shown = {
      {"1e30000000", "1e30000000"},
      {"99999999999999999", "99999999999999999"},
      {"1E+5", "1E+5"},
      {250000, "Rp 250.000,00"},
      {1000000000000L, "Rp 1.000.000.000.000,00"},
      {"250000", "Rp 250.000,00"},
    };
    for (int i = 0; i < shown.length; i++) {
      Mail mail = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("amount-" + i + "@notify.test").put("amount", shown[i][0]));
      assertTrue(mail.text().lines().anyMatch(("Jumlah: " + shown[i][1])::equals), shown[i][0] + " → " + mail.text());
      assertTrue(mail.html().contains("Jumlah: <strong>" + shown[i][1] + "</strong>"), shown[i][0] + " → " + mail.html());
    }
    // as a JSON number it is no amount the contract takes
    Response huge = api.call("notify.sendPaymentConfirmation").token(admin)
      .body("application/json", io.vertx.core.buffer.Buffer.buffer(EmailFixtures.payment("huge@notify.test").put("amount", 0).encode()
        .replace("\"amount\":0", "\"amount\":1e30000000"))).send();
    assertError(huge, 400, "VALIDATION_ERROR");
    assertEquals(0, Mailbox.read("huge@notify.test").size());
  }

  @Test
  void valuesAreEscapedInTheHtmlPartAndRawInTheTextPart() {
    String name = "<script>alert('x')</script> & Co";
    Mail mail = delivered("notify.sendPaymentConfirmation", EmailFixtures.payment("escaped@notify.test").put("username", name));
    assertFalse(mail.html().contains("<script>"), mail.html());
    assertTrue(mail.html().contains("Halo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co,"), mail.html());
    assertTrue(mail.text().contains("Halo " + name + ","), mail.text());
  }

  @Test
  void aServiceMayQueueWithItsKeyAlone() {
    Response r = api.call("notify.sendEnrollmentConfirmation").header("X-Service-Key", TestApp.SERVICE_KEY)
      .body(EmailFixtures.enrollment("by-service@notify.test")).send();
    assertEquals(200, r.status(), r.toString());
    String id = r.data().getString("message_id");
    assertEquals("sent", deliveries.done(id).getString("status"));
    assertEquals("Konfirmasi Pendaftaran — Game Development", Mailbox.one("by-service@notify.test").subject());

    Response seedStyle = api.call("notify.sendPaymentConfirmation").token(admin).header("X-Service-Key", TestApp.SERVICE_KEY)
      .body(EmailFixtures.payment("seed-style@notify.test")).send();
    assertEquals(200, seedStyle.status(), "the seed sends both the token and the key: " + seedStyle);
  }

  @Test
  void aWrongKeyARoleOtherThanAdminAndNoCredentialsAreRefused() {
    JsonObject body = EmailFixtures.payment("refused@notify.test");
    Response wrongKey = api.call("notify.sendPaymentConfirmation").header("X-Service-Key", "not-the-key-" + TestApp.SERVICE_KEY)
      .body(body).send();
    assertError(wrongKey, 401, "AUTH_UNAUTHORIZED");
    assertEquals("invalid", wrongKey.json().getJsonObject("details").getString("reason"));
    assertError(api.call("notify.sendPaymentConfirmation").token(admin).header("X-Service-Key", "wrong").body(body).send(),
      401, "AUTH_UNAUTHORIZED");
    assertError(api.call("notify.sendPaymentConfirmation").token(instructor).body(body).send(), 403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.sendEnrollmentConfirmation").token(student).body(EmailFixtures.enrollment("refused@notify.test")).send(),
      403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.sendPaymentConfirmation").body(body).send(), 401, "AUTH_UNAUTHORIZED");
    Response log = api.call("notify.listMessages").token(admin).send();
    assertEquals(0, log.data().getJsonObject("pagination").getInteger("total"), "nothing was queued: " + log);
  }

  @Test
  void badBodiesAre400() {
    JsonObject body = EmailFixtures.payment("bad@notify.test");
    JsonObject missing = body.copy();
    missing.remove("transactionId");
    assertError(api.call("notify.sendPaymentConfirmation").token(admin).body(missing).send(), 400, "VALIDATION_REQUIRED_FIELD");
    for (JsonObject bad : new JsonObject[]{body.copy().put("amount", -1), body.copy().put("email", "not-an-address"),
      body.copy().put("language", "de"), body.copy().put("cc", "other@notify.test"), body.copy().put("username", " ")}) {
      Response r = api.call("notify.sendPaymentConfirmation").token(admin).body(bad).send();
      assertEquals(400, r.status(), bad.encode() + " → " + r);
    }
  }

  @Test
  void theSameIdempotencyKeyAnswersTheSameMessageAndSendsOneEmailAndRefusesAnotherBody() {
    JsonObject body = EmailFixtures.payment("once@notify.test");
    String[] ids = new String[2];
    for (int i = 0; i < 2; i++) {
      Response r = api.call("notify.sendPaymentConfirmation").token(admin).header("Idempotency-Key", "payment-75c2d819")
        .body(body).send();
      assertEquals(200, r.status(), r.toString());
      ids[i] = r.data().getString("message_id");
    }
    assertEquals(ids[0], ids[1]);
    JsonObject reordered = new JsonObject();
    List<String> names = new ArrayList<>(body.fieldNames());
    java.util.Collections.reverse(names);
    names.forEach(name -> reordered.put(name, body.getValue(name)));
    Response again = api.call("notify.sendPaymentConfirmation").header("X-Service-Key", TestApp.SERVICE_KEY)
      .header("Idempotency-Key", "payment-75c2d819").body(reordered).send();
    assertEquals(ids[0], again.data().getString("message_id"), "the same request in another field order: " + again);
    Response reused = api.call("notify.sendPaymentConfirmation").token(admin).header("Idempotency-Key", "payment-75c2d819")
      .body(body.copy().put("email", "someone-else@notify.test")).send();
    assertError(reused, 422, "IDEMPOTENCY_KEY_REUSED");
    assertEquals("sent", deliveries.done(ids[0]).getString("status"));
    Response other = api.call("notify.sendPaymentConfirmation").token(admin).header("Idempotency-Key", "payment-other-1")
      .body(body).send();
    assertNotEquals(ids[0], other.data().getString("message_id"), "another key is another email");
    assertEquals("sent", deliveries.done(other.data().getString("message_id")).getString("status"));
    List<Mail> mails = Mailbox.await("once@notify.test", 2);
    assertEquals(2, mails.size(), "one email per key: " + mails);
    Response log = api.call("notify.listMessages").token(admin).query("to", "once@notify.test").send();
    assertEquals(2, log.data().getJsonObject("pagination").getInteger("total"), log.toString());
  }

  // --- GET /api/email/status/{messageId} --------------------------------------------------------------------

  @Test
  void theStatusFollowsTheMessageUntilSent() {
    String id = queue("notify.sendPaymentConfirmation", EmailFixtures.payment("status@notify.test"));
    JsonObject early = EmailFixtures.status(api, admin, id);
    assertTrue(List.of("queued", "sending", "sent").contains(early.getString("status")), early.encode());
    assertEquals("payment-confirmation", early.getString("template"));
    assertEquals("status@notify.test", early.getString("to"));

    assertEquals("sent", deliveries.done(id).getString("status"));
    JsonObject sent = EmailFixtures.status(api, admin, id);
    assertEquals(id, sent.getString("message_id"));
    assertEquals("sent", sent.getString("status"));
    assertEquals(1, sent.getInteger("attempts"));
    assertNotNull(sent.getString("sent_at"));
    assertTrue(sent.containsKey("last_error") && sent.getValue("last_error") == null, sent.encode());
    Mailbox.one("status@notify.test");
  }

  @Test
  void theStatusOfAnUnknownMessageIs404() {
    assertError(api.call("notify.getStatus").token(admin).path("messageId", UUID.randomUUID().toString()).send(),
      404, "NOTIFY_MESSAGE_NOT_FOUND");
    assertEquals(400, api.call("notify.getStatus").token(admin).path("messageId", "not-a-uuid").send().status());
    String id = UUID.randomUUID().toString();
    assertError(api.call("notify.getStatus").token(instructor).path("messageId", id).send(), 403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.getStatus").path("messageId", id).send(), 401, "AUTH_UNAUTHORIZED");
  }

  // --- GET /api/email/messages ------------------------------------------------------------------------------

  @Test
  void theEmailLogListsNewestFirstWithFiltersAndPages() {
    List<String> ids = new ArrayList<>(); // in the order queued
    ids.add(queue("notify.sendPaymentConfirmation", EmailFixtures.payment("log-a@notify.test")));
    ids.add(queue("notify.sendPaymentConfirmation", EmailFixtures.payment("log-b@notify.test")));
    ids.add(queue("notify.sendEnrollmentConfirmation", EmailFixtures.enrollment("log-a@notify.test")));
    ids.add(queue("notify.sendPaymentConfirmation", EmailFixtures.payment("log-c@notify.test").put("language", "en")));
    for (String id : ids) assertEquals("sent", deliveries.done(id).getString("status"));
    TestApp.sql("""
      INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body, status, attempts, last_error)
      VALUES ('test:failed', 'password-reset', 'id', 'log-d@notify.test', 'Atur ulang', '<p>x</p>', 'x', 'failed', 8, '421 busy')""");

    JsonArray all = list(null, null, null, null, null).getJsonArray("messages");
    assertEquals(5, all.size(), all.encode());
    assertEquals("log-d@notify.test", all.getJsonObject(0).getString("to"), "the newest first");
    for (int i = 0; i < 4; i++) assertEquals(ids.get(3 - i), all.getJsonObject(i + 1).getString("message_id"));
    JsonObject newestSent = all.getJsonObject(1);
    assertEquals("log-c@notify.test", newestSent.getString("to"));
    assertEquals("payment-confirmation", newestSent.getString("template"));
    assertEquals("Payment Confirmation — Web Development", newestSent.getString("subject"));
    assertEquals("sent", newestSent.getString("status"));
    assertEquals(1, newestSent.getInteger("attempts"));
    assertNotNull(newestSent.getString("created_at"));
    assertNotNull(newestSent.getString("sent_at"));
    assertNull(all.getJsonObject(0).getString("sent_at"));

    JsonArray toA = list("LOG-A@notify.test", null, null, null, null).getJsonArray("messages");
    assertEquals(List.of(ids.get(2), ids.get(0)), messageIds(toA), "the recipient's emails, case-insensitively");
    assertEquals(List.of(ids.get(2)), messageIds(list(null, "enrollment-confirmation", null, null, null).getJsonArray("messages")));
    assertEquals(4, list(null, null, "sent", null, null).getJsonArray("messages").size());
    assertEquals(1, list(null, null, "failed", null, null).getJsonArray("messages").size());
    assertEquals(0, list(null, null, "queued", null, null).getJsonArray("messages").size());
    assertEquals(List.of(ids.get(0)), messageIds(list("log-a@notify.test", "payment-confirmation", "sent", null, null)
      .getJsonArray("messages")));

    JsonObject first = list(null, null, null, 1, 2);
    assertEquals(new JsonObject().put("page", 1).put("limit", 2).put("total", 5).put("total_pages", 3), first.getJsonObject("pagination"));
    assertEquals(List.of(all.getJsonObject(0).getString("message_id"), ids.get(3)), messageIds(first.getJsonArray("messages")));
    assertEquals(List.of(ids.get(2), ids.get(1)), messageIds(list(null, null, null, 2, 2).getJsonArray("messages")));
    assertEquals(List.of(ids.get(0)), messageIds(list(null, null, null, 3, 2).getJsonArray("messages")));
    JsonObject past = list(null, null, null, 50, 2);
    assertEquals(0, past.getJsonArray("messages").size());
    assertEquals(5, past.getJsonObject("pagination").getInteger("total"), "past the last page the total stays true");
    assertEquals(0, list("nobody@notify.test", null, null, 9, 2).getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void theEmailLogIsForAdminsAndRefusesBadFilters() {
    assertError(api.call("notify.listMessages").token(instructor).send(), 403, "AUTH_FORBIDDEN");
    assertError(api.call("notify.listMessages").send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, api.call("notify.listMessages").token(admin).query("status", "delivered").send().status());
    assertEquals(400, api.call("notify.listMessages").token(admin).query("to", "not-an-address").send().status());
    assertEquals(400, api.call("notify.listMessages").token(admin).query("limit", "101").send().status());
    assertEquals(400, api.call("notify.listMessages").token(admin).query("template", "Payment Confirmation").send().status());
  }

  private static JsonObject list(String to, String template, String status, Integer page, Integer limit) {
    Api.Call call = api.call("notify.listMessages").token(admin);
    if (to != null) call.query("to", to);
    if (template != null) call.query("template", template);
    if (status != null) call.query("status", status);
    if (page != null) call.query("page", page.toString());
    if (limit != null) call.query("limit", limit.toString());
    Response r = call.send();
    assertEquals(200, r.status(), r.toString());
    return r.data();
  }

  private static List<String> messageIds(JsonArray messages) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) ids.add(messages.getJsonObject(i).getString("message_id"));
    return ids;
  }

  // --- GET /api/email/health --------------------------------------------------------------------------------

  @Test
  void theHealthIsPublicWithTheSmtpServerAndTheQueue() {
    TestApp.sql("""
      INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body, status, attempts,
                                   next_attempt_at, last_error)
      VALUES ('test:later-1', 'password-reset', 'id', 'later@notify.test', 's', 'h', 't', 'queued', 1, now() + interval '1 day', '421 busy'),
             ('test:later-2', 'password-reset', 'id', 'later@notify.test', 's', 'h', 't', 'queued', 0, now() + interval '1 day', NULL),
             ('test:gone', 'password-reset', 'id', 'gone@notify.test', 's', 'h', 't', 'failed', 8, now(), '550 no such user')""");
    Response r = api.call("notify.emailHealth").send();
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonObject().put("status", "up").put("queue", new JsonObject().put("queued", 2).put("failed", 1))
      .put("smtp", "up"), r.data());
    Response health = api.raw(HttpMethod.GET, "/health", null, null);
    assertEquals("up", health.json().getJsonObject("services").getString("notify"), health.toString());
  }
}
