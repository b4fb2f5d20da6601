package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.Mailbox.Mail;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.chat.Browsers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static verticles.TestApp.count;
import static verticles.enrollment.Academy.key;
import static verticles.enrollment.Academy.register;
import static verticles.enrollment.Academy.registration;

/**
 * Issue 15, "Flows that now send" (the enrollment part): every registration flow and decision emails its applicant,
 * read as delivered over IMAP ({@link Mailbox}) — once, in the registration's language, with escaped values in HTML
 * and raw ones in text, and a status link that works; nothing for a refused, invalid or rolled-back request, and
 * nothing twice for a replayed one.
 */
class EmailFlowTest {
  private static final String NAME = "Budi <b>Santoso</b>";
  private static final String TITLE = "Piano & Vokal <Dasar>";
  private static final String PASSWORD = "Siswa-Rahasia-2026";
  private static final Pattern STATUS_LINK = Pattern.compile("(http\\S+/#status\\?\\S+)");
  private static final ZoneId ACADEMY_ZONE = ZoneId.of("Asia/Jakarta");

  String admin;
  String course;

  @BeforeEach
  void reset() {
    Academy.reset();
    admin = Academy.admin();
    course = Academy.course(admin, TITLE, 5);
  }

  // --- registration-received ----------------------------------------------------------------------

  @Test
  void aPublicRegistrationIsEmailedWithItsAccessCodeAndAStatusLinkThatWorks() {
    Response r = register(registration(course, "Budi@Example.com", key()).put("full_name", NAME)).send();
    assertEquals(201, r.status(), r.toString());
    String number = r.data().getString("registration_number");
    String code = r.data().getString("access_code");

    Mail mail = Mailbox.one("budi@example.com");
    assertEquals("Pendaftaran " + number + " diterima — " + TITLE, mail.subject(), "Indonesian by default, raw in the subject");
    // escaped in HTML, as typed in text
    assertTrue(mail.html().contains("Halo Budi &lt;b&gt;Santoso&lt;/b&gt;,"), mail.html());
    assertTrue(mail.html().contains("<strong>Piano &amp; Vokal &lt;Dasar&gt;</strong>"), mail.html());
    assertFalse(mail.html().contains("<b>Santoso"), mail.html());
    assertTrue(mail.text().contains("Halo " + NAME + ","), mail.text());
    assertTrue(mail.text().contains("Tanggal mulai yang diinginkan: 1 Desember 2026"), mail.text());
    assertTrue(mail.text().contains("Kode akses status: " + code), mail.text());

    // the link (text and HTML alike) opens the status check of exactly this registration
    String link = statusLink(mail);
    assertTrue(link.startsWith(TestApp.config().getString("public_url") + "/#status?"), link);
    assertTrue(unescapeHtml(mail.html()).contains("href=\"" + link + "\""), mail.html());
    Map<String, String> fields = fragment(link);
    assertEquals(Map.of("registration_number", number, "email", "budi@example.com", "access_code", code), fields);
    Response status = Api.get().call("enrollment.checkStatus").query("email", fields.get("email"))
      .query("registration_number", fields.get("registration_number")).query("access_code", fields.get("access_code")).send();
    assertEquals(200, status.status(), status.toString());
    JsonObject found = status.data().getJsonArray("enrollments").getJsonObject(0);
    assertEquals(number, found.getString("registration_number"));
    assertEquals("pending", found.getString("status"));

    // staff see it in the email log
    JsonArray log = emailLog("budi@example.com");
    assertEquals(1, log.size(), log.encodePrettily());
    assertEquals("registration-received", log.getJsonObject(0).getString("template"));
    assertEquals(mail.subject(), log.getJsonObject(0).getString("subject"));
  }

  /** The link in a real browser (headless Chromium; skipped where it is not installed): the public page checks the status. */
  @Test
  void theStatusLinkOpensThePublicPageOnTheRegistrationsStatus() throws java.io.IOException {
    Browsers.assumeInstalled();
    Response r = register(registration(course, "budi@example.com", key())).send();
    String link = statusLink(Mailbox.one("budi@example.com"));
    // the test academy runs on its own port, not at its public_url
    String local = "http://127.0.0.1:" + TestApp.port() + link.substring(TestApp.config().getString("public_url").length());
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(local);
      // the page speaks Indonesian by default (issue 20)
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-result"), "menunggu"));
      assertEquals("Pendaftaran " + r.data().getString("registration_number") + " (" + TITLE + "): diterima, menunggu "
        + "keputusan kami.", browser.findElement(By.id("status-result")).getText());
      assertEquals("budi@example.com", browser.findElement(By.id("status-email")).getDomProperty("value"));
    }
  }

  @Test
  void anEnglishApplicantGetsEveryEmailInEnglish() {
    Response r = Api.get().call("enrollment.registerCourse").header("Accept-Language", "en-GB,en;q=0.9,id;q=0.5")
      .body(registration(course, "alice@example.com", key()).put("full_name", "Alice")).send();
    assertEquals(201, r.status(), r.toString());
    String number = r.data().getString("registration_number");
    // issue 20: the answer's message and next steps follow the language too (the seed's Indonesian texts are the default)
    assertEquals("Registration successful! We will contact you soon.", r.json().getString("message"));
    assertEquals("Our admin will contact you on WhatsApp within 24 hours", r.data().getJsonArray("next_steps").getString(0));
    assertEquals(3, r.data().getJsonArray("next_steps").size());
    Mail received = Mailbox.one("alice@example.com");
    assertEquals("Registration " + number + " received — " + TITLE, received.subject());
    assertTrue(received.text().contains("Preferred start date: 1 December 2026"), received.text());
    assertTrue(received.text().contains("Status access code: " + r.data().getString("access_code")), received.text());

    // the decision, days later, speaks the registration's language too
    Response rejected = Api.get().call("enrollment.rejectBooking").path("id", r.data().getString("enrollment_id")).token(admin)
      .body(new JsonObject().put("reason", "The <class> is full")).send();
    assertEquals(200, rejected.status(), rejected.toString());
    Mail decision = find("alice@example.com", "not accepted");
    assertEquals("Registration " + number + " not accepted — " + TITLE, decision.subject());
    assertTrue(decision.text().contains("Reason: The <class> is full"), decision.text());
    assertTrue(decision.html().contains("Reason: The &lt;class&gt; is full"), decision.html());
  }

  /** Issue 20: {@code ?lang=en} on the registering request chooses English as Accept-Language does, and wins over it. */
  @Test
  void theLangQueryParameterChoosesTheEmailsLanguage() {
    Response r = Api.get().call("enrollment.registerCourse").query("lang", "en").header("Accept-Language", "id")
      .body(registration(course, "query@example.com", key()).put("full_name", "Quincy")).send();
    assertEquals(201, r.status(), r.toString());
    assertEquals("Registration successful! We will contact you soon.", r.json().getString("message"));
    assertEquals("en", Academy.string("SELECT language FROM enrollment.enrollments WHERE email = 'query@example.com'"));
    Mail received = Mailbox.one("query@example.com");
    assertEquals("Registration " + r.data().getString("registration_number") + " received — " + TITLE, received.subject());
    Response id = register(registration(course, "kueri@example.com", key())).query("lang", "id").header("Accept-Language", "en").send();
    assertEquals(201, id.status(), id.toString());
    assertTrue(Mailbox.one("kueri@example.com").subject().startsWith("Pendaftaran "));
  }

  @Test
  void aLanguageTheAcademyDoesNotSpeakFallsBackToIndonesian() {
    Response r = register(registration(course, "jean@example.com", key())).header("Accept-Language", "fr-FR,de;q=0.8").send();
    assertEquals(201, r.status(), r.toString());
    assertTrue(Mailbox.one("jean@example.com").subject().startsWith("Pendaftaran "));
    assertEquals("id", Academy.string("SELECT language FROM enrollment.enrollments WHERE email = 'jean@example.com'"));
  }

  @Test
  void aStudentsBookingIsEmailedToTheAccountWithoutAnAccessCode() {
    String token = student("siti@example.com");
    Response booked = Api.get().call("enrollment.createBooking").token(token).header("Accept-Language", "en")
      .body(new JsonObject().put("course_id", course).put("start_date_target", "2026-12-01")).send();
    assertEquals(201, booked.status(), booked.toString());
    Mail mail = Mailbox.one("siti@example.com");
    // issue 20: the booking request's language (English on request), as for a public registration
    assertEquals("Registration " + booked.data().getString("registration_number") + " received — " + TITLE, mail.subject());
    assertTrue(mail.text().contains("Hello Test student,"), mail.text());
    assertFalse(mail.text().contains("access code"), mail.text());
    assertFalse(STATUS_LINK.matcher(mail.text()).find(), mail.text());
  }

  // --- refused registrations: a neutral answer, the truth by email --------------------------------

  @Test
  void aRefusedRegistrationAnswersNeutrallyAndEmailsTheRealReason() {
    Response first = register(registration(course, "budi@example.com", key())).send();
    Response again = register(registration(course, "BUDI+again@example.com", key())).send();
    assertEquals(201, again.status(), again.toString());
    assertEquals(first.json().fieldNames(), again.json().fieldNames());
    assertEquals(first.data().fieldNames(), again.data().fieldNames());
    assertEquals(first.json().getString("message"), again.json().getString("message"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments"), "the second was refused");

    // the address owner learns the truth (the prober never sees this mailbox)
    Mail refusal = Mailbox.one("budi+again@example.com");
    String number = again.data().getString("registration_number");
    assertEquals("Pendaftaran " + number + " tidak dapat kami terima — " + TITLE, refusal.subject());
    assertTrue(refusal.text().contains("Alasan: Alamat email ini sudah memiliki pendaftaran untuk kursus ini yang sedang "
      + "menunggu keputusan kami."), refusal.text());
    assertFalse(refusal.text().contains(again.data().getString("access_code")), "the refusal gives no code to use");
    assertEquals(1, emailRows("budi+again@example.com", "enrollment-rejected"));
    assertEquals("Pendaftaran " + first.data().getString("registration_number") + " diterima — " + TITLE,
      Mailbox.one("budi@example.com").subject());
  }

  @Test
  void theFourthPendingRegistrationIsToldAboutTheLimitInItsLanguage() {
    for (int i = 0; i < 3; i++) {
      assertEquals(201, register(registration(Academy.course(admin, "Course " + i, 5), "rina@example.com", key())).send().status());
    }
    Response fourth = register(registration(course, "rina@example.com", key())).header("Accept-Language", "en").send();
    assertEquals(201, fourth.status(), fourth.toString());
    assertEquals(3, count("SELECT count(*) FROM enrollment.enrollments"));
    Mail refusal = find("rina@example.com", "not accepted");
    assertEquals("Registration " + fourth.data().getString("registration_number") + " not accepted — " + TITLE, refusal.subject());
    assertTrue(refusal.text().contains("Reason: This email address already has three registrations awaiting our decision."),
      refusal.text());
  }

  // --- decisions ----------------------------------------------------------------------------------

  @Test
  void anApprovalNamesTheChosenClassItsRoomAndInstructor() {
    String instructor = TestUsers.create("instructor", "guru@example.com", PASSWORD, "active");
    TestApp.sql("UPDATE auth.users SET full_name = 'Pak <Guru>' WHERE id = '" + instructor + "'");
    Instant start = LocalDate.now(ZoneOffset.UTC).plusDays(3).atTime(3, 0).toInstant(ZoneOffset.UTC);
    String scheduleId = schedule(instructor, "Studio & Co", start);
    String token = student("siti@example.com");
    Response booked = Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)).send();
    assertEquals(201, booked.status(), booked.toString());

    Response approved = Api.get().call("enrollment.confirmBooking").path("id", booked.data().getString("enrollment_id"))
      .token(admin).body(new JsonObject().put("schedule_id", scheduleId)).send();
    assertEquals(200, approved.status(), approved.toString());
    Mail mail = find("siti@example.com", "disetujui");
    assertEquals("Pendaftaran " + booked.data().getString("registration_number") + " disetujui — " + TITLE, mail.subject());
    assertEquals(1, emailRows("siti@example.com", "enrollment-approved"));
    String day = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("id-ID")).format(start.atZone(ACADEMY_ZONE));
    assertTrue(mail.text().contains("Kelas pertama Anda: " + day + " pukul 10.00 WIB – 11.00 WIB"), mail.text());
    assertTrue(mail.text().contains("Ruang: Studio & Co"), mail.text());
    assertTrue(mail.text().contains("Pengajar: Pak <Guru>"), mail.text());
    assertTrue(mail.html().contains("Ruang: Studio &amp; Co"), mail.html());
    assertTrue(mail.html().contains("Pengajar: Pak &lt;Guru&gt;"), mail.html());
  }

  @Test
  void anApprovalWithoutAClassSaysTheAdminWillBeInTouch() {
    Response r = register(registration(course, "budi@example.com", key())).send();
    assertEquals(200, decide("enrollment.approve", r.data().getString("enrollment_id")).send().status());
    Mail mail = find("budi@example.com", "disetujui");
    assertTrue(mail.text().contains("Admin kami akan menghubungi Anda untuk jadwal kelas."), mail.text());
  }

  @Test
  void aDirectEnrollmentEmailsTheStudentItsApproval() {
    String instructor = TestUsers.create("instructor", "guru@example.com", PASSWORD, "active");
    String scheduleId = schedule(instructor, "Studio 2", LocalDate.now(ZoneOffset.UTC).plusDays(5).atTime(1, 30).toInstant(ZoneOffset.UTC));
    student("dewi@example.com");
    String dewi = Academy.string("SELECT id::text FROM auth.users WHERE email = 'dewi@example.com'");
    Response direct = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", dewi).put("course_id", course).put("schedule_id", scheduleId)).send();
    assertEquals(201, direct.status(), direct.toString());
    // about the registration, one email: the approval (no 'received' for what is decided at once); billing's invoice
    // email ("Tagihan INV-…", issue 18) comes besides it
    Mail mail = Mailbox.one("dewi@example.com", "Pendaftaran ");
    assertEquals("Pendaftaran " + direct.data().getString("registration_number") + " disetujui — " + TITLE, mail.subject());
    Mailbox.one("dewi@example.com", "Tagihan INV-");
    assertTrue(mail.text().contains("pukul 08.30 WIB – 09.30 WIB"), mail.text());
    assertTrue(mail.text().contains("Ruang: Studio 2"), mail.text());
  }

  @Test
  void cancellationsSayWhoCancelled() {
    String token = student("siti@example.com");
    Response booked = Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)).send();
    assertEquals(200, Api.get().call("enrollment.cancel").path("id", booked.data().getString("enrollment_id")).token(token)
      .send().status());
    Mail own = find("siti@example.com", "dibatalkan");
    assertEquals("Pendaftaran " + booked.data().getString("registration_number") + " dibatalkan — " + TITLE, own.subject());
    assertTrue(own.text().contains("Keterangan: Dibatalkan atas permintaan Anda."), own.text());

    Response r = register(registration(course, "budi@example.com", key())).header("Accept-Language", "en").send();
    String id = r.data().getString("enrollment_id");
    assertEquals(200, decide("enrollment.approve", id).send().status());
    assertEquals(200, decide("enrollment.cancel", id).send().status());
    Mail byAcademy = find("budi@example.com", "cancelled");
    assertEquals("Registration " + r.data().getString("registration_number") + " cancelled — " + TITLE, byAcademy.subject());
    assertTrue(byAcademy.text().contains("Note: Cancelled by our admin."), byAcademy.text());
  }

  @Test
  void deletingAPendingRegistrationTellsTheApplicantButNotAfterADecision() {
    Response pending = register(registration(course, "budi@example.com", key())).send();
    Response rejected = register(registration(course, "sari@example.com", key())).send();
    assertEquals(200, decide("enrollment.reject", rejected.data().getString("enrollment_id")).send().status());
    find("sari@example.com", "tidak dapat kami terima");
    for (Response r : List.of(pending, rejected)) {
      Response deleted = Api.get().call("enrollment.deleteBooking").path("id", r.data().getString("enrollment_id")).token(admin).send();
      assertEquals(200, deleted.status(), deleted.toString());
    }
    Mail mail = find("budi@example.com", "dibatalkan");
    assertTrue(mail.text().contains("Keterangan: Dibatalkan oleh admin kami."), mail.text());
    assertEquals(0, emailRows("sari@example.com", "enrollment-cancelled"), "a rejected applicant was told already");
  }

  @Test
  void anExpiredRegistrationIsToldItWasNotConfirmedInTime() {
    Response r = register(registration(course, "late@example.com", key())).header("Accept-Language", "en").send();
    Response id = register(registration(course, "telat@example.com", key())).send();
    assertEquals(201, id.status(), id.toString());
    // three days (the test academy's enrollment.pending_expiry_days) went by
    TestApp.sql("UPDATE enrollment.enrollments SET registration_date = registration_date - interval '4 days', "
      + "expires_at = expires_at - interval '4 days'");
    // the job runs once per cluster at a time: while the periodic run holds the lock, this one expires nothing
    for (int run = 0; run < 50 && count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'expired'") < 2; run++) {
      TestApp.await(TestApp.get().vertx().eventBus().request("enrollment.internal.runExpiry", new JsonObject()));
    }
    assertEquals(2, count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'expired'"));

    Mail english = find("late@example.com", "cancelled");
    assertEquals("Registration " + r.data().getString("registration_number") + " cancelled — " + TITLE, english.subject());
    assertTrue(english.text().contains("Note: This registration was not confirmed within 3 days and has expired."), english.text());
    Mail indonesian = find("telat@example.com", "dibatalkan");
    assertTrue(indonesian.text().contains("Keterangan: Pendaftaran ini belum dikonfirmasi dalam 3 hari sehingga kedaluwarsa."),
      indonesian.text());
    assertEquals(1, emailRows("late@example.com", "enrollment-cancelled"));
  }

  // --- nothing for failures, nothing twice ----------------------------------------------------------

  @Test
  void noEmailForACaptchaFailureAnInvalidRequestOrARolledBackChange() {
    assertEquals(400, register(registration(course, "robot@example.com", key()).put("captcha_token", TestApp.CAPTCHA_FAIL))
      .send().status());
    assertEquals(400, register(registration(course, "careless@example.com", key()).put("consent", false)).send().status());
    assertEquals(404, register(registration(java.util.UUID.randomUUID().toString(), "lost@example.com", key())).send().status());
    // refused before the transaction (no seat left), and rolled back inside it: the direct enrollment's row was
    // inserted, then no seat was left
    String privat = Academy.course(admin, "Privat", 1);
    Response first = register(registration(privat, "first@example.com", key())).send();
    Response second = register(registration(privat, "second@example.com", key())).send();
    assertEquals(200, decide("enrollment.approve", first.data().getString("enrollment_id")).send().status());
    Response full = decide("enrollment.approve", second.data().getString("enrollment_id")).send();
    assertEquals(409, full.status(), full.toString());
    student("dewi@example.com");
    String dewi = Academy.string("SELECT id::text FROM auth.users WHERE email = 'dewi@example.com'");
    Response direct = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", dewi).put("course_id", privat)).send();
    assertEquals(409, direct.status(), direct.toString());
    assertEquals("ENROLLMENT_COURSE_FULL", direct.code());

    // the answers came after commit or rollback: whatever would be emailed is in the outbox by now
    for (String nobody : List.of("robot@example.com", "careless@example.com", "lost@example.com", "dewi@example.com")) {
      assertEquals(0, outboxEmails(nobody), nobody);
    }
    assertEquals(0, emailRows("second@example.com", "enrollment-approved"));
    // a later change's email arrives; the refused ones are still absent from the log and the mailboxes
    assertEquals(200, decide("enrollment.reject", second.data().getString("enrollment_id")).send().status());
    find("second@example.com", "tidak dapat kami terima");
    assertTrue(Mailbox.read("second@example.com").stream().noneMatch(m -> m.subject().contains("disetujui")));
    assertEquals(List.of("enrollment-rejected", "registration-received"), emailLog("second@example.com").stream()
      .map(m -> ((JsonObject) m).getString("template")).sorted().toList());
    for (String nobody : List.of("robot@example.com", "careless@example.com", "lost@example.com", "dewi@example.com")) {
      assertEquals(0, emailLog(nobody).size(), nobody);
      assertEquals(List.of(), Mailbox.read(nobody), nobody);
    }
  }

  @Test
  void aRetriedRegistrationIsEmailedOnce() {
    String key = key();
    Response first = register(registration(course, "budi@example.com", key)).send();
    List<Future<HttpResponse<Buffer>>> retries = new ArrayList<>();
    List<Api.Call> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Api.Call call = register(registration(course, "budi@example.com", key).put("captcha_token", "another-token-" + i));
      calls.add(call);
      retries.add(call.sendAsync());
    }
    for (int i = 0; i < retries.size(); i++) {
      Response again = calls.get(i).checked(TestApp.await(retries.get(i)));
      assertEquals(first.json(), again.json());
    }
    // a booking replayed with its key too
    String token = student("siti@example.com");
    JsonObject booking = new JsonObject().put("course_id", course).put("idempotency_key", "siti-booking-1");
    Response booked = Api.get().call("enrollment.createBooking").token(token).body(booking).send();
    assertEquals(booked.json(), Api.get().call("enrollment.createBooking").token(token).body(booking).send().json());

    assertEquals(1, outboxEmails("budi@example.com"));
    assertEquals(1, outboxEmails("siti@example.com"));
    Mailbox.one("budi@example.com");
    Mailbox.one("siti@example.com");
    assertEquals(1, emailLog("budi@example.com").size());
  }

  // --- helpers --------------------------------------------------------------------------------------

  private Api.Call decide(String op, String id) {
    return Api.get().call(op).path("id", id).token(admin);
  }

  /** A student account that can log in; its access token. */
  private static String student(String email) {
    TestUsers.create("student", email, PASSWORD, "active");
    return TestUsers.login(email, PASSWORD).getString("access_token");
  }

  /** A class of the course with {@code instructor} in a new room named {@code room}, starting at {@code start}; its id. */
  private String schedule(String instructor, String room, Instant start) {
    Response created = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", room)
      .put("capacity", 8).put("instruments", new JsonArray().add("piano"))).send();
    assertEquals(201, created.status(), created.toString());
    Response schedule = Api.get().call("scheduling.createSchedule").token(admin).body(new JsonObject()
      .put("course_id", course).put("instructor_id", instructor).put("room_id", created.data().getString("id"))
      .put("start_time", start.toString())).send();
    assertEquals(201, schedule.status(), schedule.toString());
    return schedule.data().getString("id");
  }

  /** The email log (GET /api/email/messages as an admin) of one address. */
  private JsonArray emailLog(String to) {
    Response r = Api.get().call("notify.listMessages").token(admin).query("to", to).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("messages");
  }

  /** Email rows the enrollment verticle wrote (committed) for an address. */
  private static long outboxEmails(String to) {
    return count("SELECT count(*) FROM enrollment.outbox WHERE event_type = 'email' AND data->>'to' = '" + to + "'");
  }

  /** Email rows of one template for an address, written by the enrollment verticle (committed, handed over or not). */
  private static long emailRows(String to, String template) {
    return count("SELECT count(*) FROM enrollment.outbox WHERE event_type = 'email' AND data->>'to' = '" + to
      + "' AND data->>'template' = '" + template + "'");
  }

  /**
   * The one email {@code to} received whose subject contains {@code subject}, waiting for it (on delivery signals) as
   * the other emails of the flow arrive in any order.
   */
  private static Mail find(String to, String subject) {
    for (int n = 1; ; n++) {
      List<Mail> matching = Mailbox.await(to, n).stream().filter(m -> m.subject().contains(subject)).toList();
      if (matching.size() > 1) fail(to + " received " + matching.size() + " emails about '" + subject + "': " + matching);
      if (matching.size() == 1) return matching.get(0);
    }
  }

  private static String statusLink(Mail mail) {
    Matcher m = STATUS_LINK.matcher(mail.text());
    if (!m.find()) fail("no status link in " + mail.text());
    return m.group(1);
  }

  private static Map<String, String> fragment(String link) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : link.substring(link.indexOf("#status?") + "#status?".length()).split("&")) {
      String[] kv = pair.split("=", 2);
      fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** The HTML entities jmustache writes in attribute values, back to characters. */
  private static String unescapeHtml(String html) {
    return html.replace("&#x3D;", "=").replace("&#61;", "=").replace("&amp;", "&");
  }
}
