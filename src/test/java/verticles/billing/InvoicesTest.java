package verticles.billing;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, reading invoices: the student's own list, the admin's list with its filters and pages, one invoice for its
 * student or an admin (anyone else: the same 404 as an unknown id), the PDF parsed back with OpenPDF, and the
 * {@code invoice-issued} email as delivered.
 */
class InvoicesTest {
  static final String PASSWORD = "Siswa-Rahasia-2026";
  String admin, course;

  @BeforeEach
  void reset() {
    Billing.reset();
    admin = TestUsers.adminToken();
    course = Billing.course(admin, "Gitar Pemula", 125_000, 10);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  /** A student account with a booked and approved enrollment in {@code courseId}: {token, invoice id}. */
  private String[] studentWithInvoice(String email, String courseId) {
    TestUsers.create("student", email, PASSWORD, "active");
    String token = TestUsers.login(email, PASSWORD).getString("access_token");
    Response booked = Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", courseId)).send();
    assertEquals(201, booked.status(), booked.toString());
    JsonObject issued = Billing.approvedWithInvoice(admin, booked.data().getString("enrollment_id"), null);
    return new String[]{token, issued.getString("invoice_id")};
  }

  @Test
  void aStudentSeesTheirOwnInvoicesOnlyAndOthersGetTheSame404AsAnUnknownId() {
    String[] ani = studentWithInvoice("ani@example.com", course);
    String[] budi = studentWithInvoice("budi@example.com", course);

    JsonObject mine = Api.get().call("billing.myInvoices").token(ani[0]).send().data();
    assertEquals(1, mine.getJsonArray("invoices").size());
    JsonObject invoice = mine.getJsonArray("invoices").getJsonObject(0);
    assertEquals(ani[1], invoice.getString("id"));
    assertEquals("Gitar Pemula", invoice.getString("course_title"));
    assertEquals(500_000L, invoice.getLong("amount"));
    assertEquals(1, mine.getJsonObject("pagination").getInteger("total"));

    assertEquals(200, Api.get().call("billing.getInvoice").path("id", ani[1]).token(ani[0]).send().status());
    assertError(Api.get().call("billing.getInvoice").path("id", budi[1]).token(ani[0]).send(), 404, "INVOICE_NOT_FOUND");
    assertError(Api.get().call("billing.getInvoice").path("id", UUID.randomUUID().toString()).token(ani[0]).send(), 404,
      "INVOICE_NOT_FOUND");
    assertError(Api.get().call("billing.invoicePdf").path("id", budi[1]).token(ani[0]).send(), 404, "INVOICE_NOT_FOUND");
    TestUsers.create("instructor", "guru@example.com", PASSWORD, "active");
    String instructor = TestUsers.login("guru@example.com", PASSWORD).getString("access_token");
    assertError(Api.get().call("billing.getInvoice").path("id", ani[1]).token(instructor).send(), 404, "INVOICE_NOT_FOUND");
    assertError(Api.get().call("billing.myInvoices").token(instructor).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("billing.listInvoices").token(ani[0]).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("billing.listInvoices").send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Api.get().call("billing.getInvoice").path("id", ani[1]).send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(400, Api.get().call("billing.myInvoices").token(ani[0]).query("status", "lunas").send().status());
  }

  @Test
  void theAdminListFiltersAndPages() {
    String other = Billing.course(admin, "Piano", 200_000, 10);
    String[] ani = studentWithInvoice("ani@example.com", course);
    studentWithInvoice("budi@example.com", course);
    studentWithInvoice("cici@example.com", other);
    String aniId = Billing.string("SELECT id::text FROM auth.users WHERE email = 'ani@example.com'");

    JsonObject all = Api.get().call("billing.listInvoices").token(admin).query("limit", "2").send().data();
    assertEquals(2, all.getJsonArray("invoices").size());
    assertEquals(new JsonObject().put("page", 1).put("limit", 2).put("total", 3).put("total_pages", 2), all.getJsonObject("pagination"));
    assertEquals(1, Api.get().call("billing.listInvoices").token(admin).query("limit", "2").query("page", "2").send().data()
      .getJsonArray("invoices").size());
    assertEquals(2, total(Api.get().call("billing.listInvoices").token(admin).query("course_id", course)));
    JsonArray ofAni = Api.get().call("billing.listInvoices").token(admin).query("student_id", aniId).send().data().getJsonArray("invoices");
    assertEquals(1, ofAni.size());
    assertEquals(ani[1], ofAni.getJsonObject(0).getString("id"));
    assertEquals("Test student", ofAni.getJsonObject(0).getString("student_name"));
    assertEquals(3, total(Api.get().call("billing.listInvoices").token(admin).query("status", "unpaid")));
    assertEquals(0, total(Api.get().call("billing.listInvoices").token(admin).query("status", "paid")));
    String today = LocalDate.now(ZoneId.of("Asia/Jakarta")).toString();
    assertEquals(3, total(Api.get().call("billing.listInvoices").token(admin).query("from", today).query("to", today)));
    assertEquals(0, total(Api.get().call("billing.listInvoices").token(admin)
      .query("to", LocalDate.now(ZoneId.of("Asia/Jakarta")).minusDays(1).toString())));
    assertEquals(0, total(Api.get().call("billing.listInvoices").token(admin).query("from", Instant.now().plusSeconds(3600).toString())));
    assertEquals(3, total(Api.get().call("billing.listInvoices").token(admin).query("to", Instant.now().plusSeconds(3600).toString())));
    assertEquals(400, Api.get().call("billing.listInvoices").token(admin).query("from", "kemarin").send().status());
    assertEquals(400, Api.get().call("billing.listInvoices").token(admin).query("student_id", "ani").send().status());
    assertEquals(400, Api.get().call("billing.listInvoices").token(admin).query("limit", "1000").send().status());
  }

  /**
   * Hostile review: a date-time without an offset ({@code 2026-12-02T00:00:00}) passed the contract's date-time format
   * and then failed to parse in billing: a 500. It is academy time, as everywhere else in the API.
   */
  @Test
  void aListBoundWithoutAnOffsetIsAcademyTimeNotA500() {
    studentWithInvoice("ani@example.com", course);
    java.time.LocalDateTime now = java.time.LocalDateTime.now(ZoneId.of("Asia/Jakarta")).withNano(0);
    assertEquals(1, total(Api.get().call("billing.listInvoices").token(admin).query("from", now.minusHours(1).toString())));
    assertEquals(0, total(Api.get().call("billing.listInvoices").token(admin).query("from", now.plusHours(1).toString())));
    assertEquals(1, total(Api.get().call("billing.listInvoices").token(admin).query("to", now.plusHours(1).toString())));
    assertEquals(0, total(Api.get().call("billing.listInvoices").token(admin).query("to", now.minusHours(1).toString())));
    Response odd = Api.get().call("billing.listInvoices").token(admin).query("to", "2026-12-02T25:00:00").send();
    assertEquals(400, odd.status(), odd.toString());
  }

  private static long total(Api.Call call) {
    Response r = call.send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonObject("pagination").getLong("total");
  }

  @Test
  void thePdfSaysWhatTheInvoiceSays() throws Exception {
    String[] ani = studentWithInvoice("ani@example.com", course);
    JsonObject invoice = Api.get().call("billing.getInvoice").path("id", ani[1]).token(ani[0]).send().data();
    String due = DateTimeFormatter.ofPattern("d MMMM yyyy 'pukul' HH.mm", Locale.forLanguageTag("id-ID"))
      .format(Instant.parse(invoice.getString("due_at")).atZone(ZoneId.of("Asia/Jakarta"))) + " WIB";

    Response pdf = Api.get().call("billing.invoicePdf").path("id", ani[1]).token(ani[0]).send();
    assertEquals(200, pdf.status());
    assertEquals("application/pdf", pdf.header("Content-Type"));
    String text = text(pdf.body());
    for (String expected : new String[]{"Academy", "INVOICE", invoice.getString("number"), "Siswa", "Test student",
      "Gitar Pemula", "Rp 500.000", "Jatuh tempo", due, "Belum dibayar"}) {
      assertTrue(text.contains(expected), "'" + expected + "' in:\n" + text);
    }
    String english = text(Api.get().call("billing.invoicePdf").path("id", ani[1]).token(admin).query("lang", "en").send().body());
    assertTrue(english.contains("Amount due") && english.contains("Unpaid") && english.contains("Rp 500.000"), english);
    assertFalse(english.contains("Belum dibayar"), english);
    String byHeader = text(Api.get().call("billing.invoicePdf").path("id", ani[1]).token(admin).header("Accept-Language", "en-US")
      .send().body());
    assertTrue(byHeader.contains("Due"), byHeader);
  }

  private static String text(io.vertx.core.buffer.Buffer pdf) throws Exception {
    PdfReader reader = new PdfReader(pdf.getBytes());
    try {
      StringBuilder all = new StringBuilder();
      PdfTextExtractor extractor = new PdfTextExtractor(reader);
      for (int page = 1; page <= reader.getNumberOfPages(); page++) all.append(extractor.getTextFromPage(page)).append('\n');
      return all.toString();
    } finally {
      reader.close();
    }
  }

  @Test
  void theStudentIsEmailedTheInvoice() {
    String id = Billing.registered(Billing.registration(course, "email@example.com"));
    JsonObject issued = Billing.approvedWithInvoice(admin, id, new JsonObject().put("sessions", 2));
    Mailbox.Mail mail = Mailbox.one("email@example.com", "Tagihan " + issued.getString("number"));
    assertTrue(mail.text().contains("Rp 250.000"), mail.text());
    assertTrue(mail.text().contains("Gitar Pemula — 2 sesi × Rp 125.000"), mail.text());
  }

  @Test
  void aDirectEnrollmentIsInvoicedLikeAnApproval() {
    String student = TestUsers.create("student", "langsung@example.com", PASSWORD, "active");
    JsonObject issued = Billing.events("invoice.issued", 1, () -> {
      Response r = Api.get().call("enrollment.createEnrollment").token(admin).body(new JsonObject().put("student_id", student)
        .put("course_id", course).put("sessions", 3)).send();
      assertEquals(201, r.status(), r.toString());
    }).get(0);
    assertEquals(375_000L, issued.getLong("amount"));
    assertEquals(student, issued.getString("student_id"));
  }

  @Test
  void anInvoicedEnrollmentCannotBeDeleted() {
    String id = Billing.registered(Billing.registration(course, "hapus@example.com"));
    Billing.approvedWithInvoice(admin, id, null);
    Billing.events("invoice.cancelled", 1, () -> assertEquals(200,
      Api.get().call("enrollment.cancel").path("id", id).token(admin).send().status()));
    assertError(Api.get().call("enrollment.deleteBooking").path("id", id).token(admin).send(), 409, "ENROLLMENT_INVALID_STATUS");
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.invoices"));
  }

  /** Hostile text: names outside the PDF font's character set (emoji, CJK, a right-to-left name) still give a PDF. */
  @Test
  void namesTheFontCannotShowStillGiveAPdf() throws Exception {
    String pkg = Billing.pkg(admin, "Paket 🎸 吉他 <b>&amp;</b>", 99_000, null, course);
    String id = Billing.registered(Billing.registration(course, "emoji@example.com").put("full_name", "Ñoño 🎹 李雷 محمد")
      .put("package_id", pkg));
    JsonObject issued = Billing.approvedWithInvoice(admin, id, null);
    Response pdf = Api.get().call("billing.invoicePdf").path("id", issued.getString("invoice_id")).token(admin).send();
    assertEquals(200, pdf.status(), pdf.toString());
    String text = text(pdf.body());
    assertTrue(text.contains(issued.getString("number")) && text.contains("Rp 99.000"), text);
  }

  @Test
  void unknownRoutesStayUnknown() {
    assertEquals(404, Api.get().raw(HttpMethod.GET, "/api/invoices/" + UUID.randomUUID() + "/pdfx", null, null).status());
  }
}
