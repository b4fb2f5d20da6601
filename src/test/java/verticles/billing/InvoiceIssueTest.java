package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.bus.BillingClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.TestApp.count;

/**
 * Issue 18, invoices: approving an enrollment issues exactly one invoice (billing, after the approval committed), the
 * package's price or {@code price_per_session × sessions}; numbers {@code INV-YYYY-MM-NNNN} gap-free per academy month,
 * also under 50 concurrent approvals; free courses issue none; a repeated or reordered hand-over changes nothing;
 * cancelling the enrollment cancels its unpaid invoice; past the month's 9,999th invoice the numbers go on with five
 * digits.
 */
class InvoiceIssueTest {
  private static final Pattern NUMBER = Pattern.compile("^INV-(\\d{4}-\\d{2})-(\\d{4})$");
  String admin;

  @BeforeEach
  void reset() {
    Billing.reset();
    admin = TestUsers.adminToken();
  }

  @Test
  void fiftyConcurrentApprovalsIssueFiftyGapFreeNumbers() {
    String course = Billing.course(admin, "Gitar Pemula", 250_000, 60);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) ids.add(Billing.registered(course, "siswa" + i + "@example.com"));
    List<JsonObject> issued = Billing.events("invoice.issued", 50, () -> {
      List<Api.Call> calls = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (String id : ids) {
        Api.Call call = Billing.approve(admin, id);
        calls.add(call);
        sent.add(call.sendAsync());
      }
      TestApp.await(Future.join(sent));
      for (int i = 0; i < calls.size(); i++) assertEquals(200, calls.get(i).checked(sent.get(i).result()).status());
    });
    assertEquals(50, issued.size());
    assertEquals(50, count("SELECT count(*) FROM billing.invoices"));
    assertEquals(50, count("SELECT count(DISTINCT enrollment_id) FROM billing.invoices"));

    // per academy month (a run across midnight at a month's end has two), the numbers are exactly 1..n
    Response page = Api.get().call("billing.listInvoices").token(admin).query("limit", "100").send();
    assertEquals(200, page.status(), page.toString());
    Map<String, List<Integer>> byMonth = new TreeMap<>();
    page.data().getJsonArray("invoices").forEach(o -> {
      JsonObject invoice = (JsonObject) o;
      Matcher m = NUMBER.matcher(invoice.getString("number"));
      assertTrue(m.matches(), invoice.getString("number"));
      byMonth.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
      assertEquals(1_000_000L, invoice.getLong("amount"), "250.000 × the default 4 sessions");
      assertEquals(4, invoice.getInteger("sessions"));
      assertEquals("unpaid", invoice.getString("status"));
    });
    int total = 0;
    for (Map.Entry<String, List<Integer>> month : byMonth.entrySet()) {
      List<Integer> numbers = month.getValue();
      numbers.sort(Integer::compare);
      for (int i = 0; i < numbers.size(); i++) assertEquals(i + 1, numbers.get(i), month.getKey() + ": " + numbers);
      assertEquals(numbers.size(), count("SELECT last_number FROM billing.invoice_counters WHERE month = '" + month.getKey() + "'"));
      total += numbers.size();
    }
    assertEquals(50, total);
  }

  @Test
  void numberingGoesOnPastTheMonths9999thInvoiceWithFiveDigits() {
    // this academy month and the next (a run across a month's end) already issued 9,998 invoices
    TestApp.sql("""
      INSERT INTO billing.invoice_counters (month, last_number)
      SELECT to_char(now() AT TIME ZONE 'Asia/Jakarta' + m * interval '1 month', 'YYYY-MM'), 9998 FROM generate_series(0, 1) m""");
    String course = Billing.course(admin, "Saksofon", 150_000, 10);
    Map<String, List<Integer>> byMonth = new TreeMap<>();
    for (int i = 0; i < 3; i++) {
      JsonObject event = Billing.approvedWithInvoice(admin, Billing.registered(course, "sax" + i + "@example.com"), null);
      Response invoice = Api.get().call("billing.getInvoice").path("id", event.getString("invoice_id")).token(admin).send();
      assertEquals(200, invoice.status(), invoice.toString()); // the answer is checked against the contract's pattern
      String number = invoice.data().getString("number");
      assertEquals(event.getString("number"), number);
      Matcher m = Pattern.compile("^INV-(\\d{4}-\\d{2})-(\\d{4,})$").matcher(number);
      assertTrue(m.matches(), number);
      byMonth.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
    }
    // 9999, then 10000, 10001: no failed issue, and no number cut back to four digits (10000 is not 1000)
    for (List<Integer> numbers : byMonth.values()) {
      for (int i = 0; i < numbers.size(); i++) assertEquals(9999 + i, numbers.get(i), byMonth.toString());
    }
    assertTrue(byMonth.values().stream().anyMatch(n -> n.contains(10_000)), byMonth.toString());
    assertEquals(3, count("SELECT count(*) FROM billing.invoices"));
  }

  @Test
  void theAmountIsPricePerSessionTimesTheApprovalsSessionsAndTheDueDateFollowsTheSetting() {
    String course = Billing.course(admin, "Biola", 300_000, 10);
    String id = Billing.registered(course, "ani@example.com");
    JsonObject event = Billing.approvedWithInvoice(admin, id, new JsonObject().put("sessions", 8));
    assertEquals(2_400_000L, event.getLong("amount"));
    JsonObject invoice = Api.get().call("billing.getInvoice").path("id", event.getString("invoice_id")).token(admin).send().data();
    assertEquals(8, invoice.getInteger("sessions"));
    assertEquals("Biola — 8 sesi × Rp 300.000", invoice.getString("description"));
    assertEquals("Biola", invoice.getString("course_title"));
    assertEquals("Budi Santoso", invoice.getString("student_name"));
    assertEquals(id, invoice.getString("enrollment_id"));
    assertEquals(null, invoice.getValue("package_id"));
    assertEquals(7 * 24 * 3600L, java.time.Duration.between(java.time.Instant.parse(invoice.getString("issued_at")),
      java.time.Instant.parse(invoice.getString("due_at"))).getSeconds(), "billing.due_days = 7");
  }

  @Test
  void aFreeCourseIssuesNoInvoice() {
    String free = Billing.course(admin, "Kelas Gratis", 0, 10);
    String paid = Billing.course(admin, "Piano", 100_000, 10);
    String freeId = Billing.registered(free, "gratis@example.com");
    assertEquals(200, Billing.approve(admin, freeId).send().status());
    // the hand-overs of one node go in passes, one after the other: once a later approval's invoice is out, billing
    // has answered the free one's hand-over
    Billing.approvedWithInvoice(admin, Billing.registered(paid, "bayar@example.com"), null);
    assertEquals(0, count("SELECT count(*) FROM billing.invoices WHERE enrollment_id = '" + freeId + "'"));
    assertEquals(1, count("SELECT count(*) FROM billing.invoices"));
  }

  @Test
  void aRepeatedHandOverIssuesNothingTwice() {
    String course = Billing.course(admin, "Drum", 200_000, 10);
    String id = Billing.registered(course, "drum@example.com");
    JsonObject event = Billing.approvedWithInvoice(admin, id, null);
    JsonObject command = new JsonObject().put("enrollment_id", id).put("student_id", event.getString("student_id"))
      .put("course_id", course).put("course_title", "Drum").put("price_per_session", 200_000).put("language", "id")
      .put("email", "drum@example.com").put("full_name", "Budi Santoso").put("command_key", "test:replay");
    JsonObject again = TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(BillingClient.ISSUE_INVOICE, command,
      new DeliveryOptions().setSendTimeout(10_000))).body();
    assertFalse(again.getBoolean("issued"));
    assertEquals("exists", again.getString("reason"));
    assertEquals(1, count("SELECT count(*) FROM billing.invoices"));
    assertEquals(1, count("SELECT last_number FROM billing.invoice_counters"));
  }

  @Test
  void cancellingTheEnrollmentCancelsItsUnpaidInvoice() {
    String course = Billing.course(admin, "Vokal", 150_000, 10);
    String id = Billing.registered(course, "vokal@example.com");
    JsonObject issued = Billing.approvedWithInvoice(admin, id, null);
    List<JsonObject> cancelled = Billing.events("invoice.cancelled", 1, () -> {
      Response r = Api.get().call("enrollment.cancel").path("id", id).token(admin).send();
      assertEquals(200, r.status(), r.toString());
    });
    assertEquals(issued.getString("invoice_id"), cancelled.get(0).getString("invoice_id"));
    JsonObject invoice = Api.get().call("billing.getInvoice").path("id", issued.getString("invoice_id")).token(admin).send().data();
    assertEquals("cancelled", invoice.getString("status"));
    assertTrue(invoice.getString("closed_at") != null);
  }

  /**
   * A cancellation handed over before the approval's invoice (outbox rows go side by side and are retried) leaves the
   * enrollment closed for billing: the late issue issues nothing. The cancellation is sent over the bus here, as the
   * outbox would, since no API call reorders the hand-overs on demand.
   */
  @Test
  void anIssueArrivingAfterTheCancellationIssuesNothing() {
    String course = Billing.course(admin, "Saxophone", 150_000, 10);
    String id = Billing.registered(course, "sax@example.com");
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
    JsonObject closed = TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(BillingClient.CANCEL_INVOICE,
      new JsonObject().put("enrollment_id", id), options)).body();
    assertFalse(closed.getBoolean("cancelled"));
    assertEquals(200, Billing.approve(admin, id).send().status());
    String student = Api.get().call("enrollment.get").path("id", id).token(admin).send().data()
      .getJsonObject("student").getString("id");
    JsonObject late = TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(BillingClient.ISSUE_INVOICE,
      new JsonObject().put("enrollment_id", id).put("student_id", student).put("course_id", course)
        .put("course_title", "Saxophone").put("price_per_session", 150_000).put("language", "id"), options)).body();
    assertEquals("closed", late.getString("reason"));
    assertEquals(0, count("SELECT count(*) FROM billing.invoices"));
  }
}
