package verticles.billing;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.bus.BillingClient;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fixtures of the payment tests. Invoices come from the real flow: a student's registration for a course, an admin's
 * approval, billing issuing the invoice after the approval committed ({@link Billing#approvedWithInvoice} waits for its
 * {@code invoice.issued} event). Student accounts are inserted as {@link TestUsers} does and book through the API.
 * <p>Two steps have no API and are SQL or the bus, named as such: {@link #refund} (refunds are done by staff outside
 * the academy; no operation exists) and {@link #issue} (an invoice for a registration that was approved by SQL in the
 * past, as {@code analytics/KnownAcademy} writes them: the same internal command enrollment's approval hands over).
 */
public final class PaymentFixtures {
  public static final String PASSWORD = "Payments-Pass-42";

  private PaymentFixtures() {
  }

  /** A student who can sign in. */
  public record Student(String id, String email, String token) {
  }

  /** An issued invoice: amount in rupiah. */
  public record Invoice(String id, String number, long amount, String enrollmentId, String studentId, String courseId) {
    public static Invoice of(JsonObject issued) {
      return new Invoice(issued.getString("invoice_id"), issued.getString("number"), issued.getLong("amount"),
        issued.getString("enrollment_id"), issued.getString("student_id"), issued.getString("course_id"));
    }
  }

  public static Student student(String email) {
    String id = TestUsers.create("student", email, PASSWORD, "active");
    return new Student(id, email, TestUsers.login(email, PASSWORD).getString("access_token"));
  }

  /** The student books the course, the admin approves (4 sessions by default), billing issues the invoice. */
  public static Invoice invoice(String admin, String courseId, Student student) {
    Response booked = Api.get().call("enrollment.createBooking").token(student.token())
      .body(new JsonObject().put("course_id", courseId)).send();
    assertEquals(201, booked.status(), booked.toString());
    return Invoice.of(Billing.approvedWithInvoice(admin, booked.data().getString("enrollment_id"), null));
  }

  /**
   * The invoice of an enrollment approved by SQL (the bus: {@link BillingClient#ISSUE_INVOICE}, exactly as enrollment's
   * approval hands it over), {@code sessions} of {@code pricePerSession} rupiah.
   */
  public static Invoice issue(String enrollmentId, String studentId, String courseId, long pricePerSession, int sessions, String email) {
    JsonObject command = new JsonObject().put("enrollment_id", enrollmentId).put("student_id", studentId)
      .put("course_id", courseId).put("course_title", "Course").put("price_per_session", pricePerSession)
      .put("sessions", sessions).put("language", "id").put("email", email).put("full_name", "Applicant")
      .put("registration_number", "REG-TEST").put("command_key", "test:" + enrollmentId);
    JsonObject[] issued = new JsonObject[1];
    Billing.events("invoice.issued", 1, data -> enrollmentId.equals(data.getString("enrollment_id")), () -> {
      JsonObject answer = TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(BillingClient.ISSUE_INVOICE, command)).body();
      assertEquals(true, answer.getBoolean("issued"), answer.encode());
      issued[0] = answer;
    });
    return new Invoice(issued[0].getString("invoice_id"), issued[0].getString("number"), pricePerSession * sessions,
      enrollmentId, studentId, courseId);
  }

  /** Runs {@code action} and waits until billing published the invoice's {@code payment.received} event (after commit). */
  public static void awaitPayment(String invoiceId, Runnable action) {
    Billing.events("payment.received", 1, data -> invoiceId.equals(data.getString("invoice_id")), action);
  }

  /** SQL (no API: refunds happen outside the academy): the paid invoice is refunded. */
  public static void refund(String invoiceId) {
    TestApp.sql("UPDATE billing.invoices SET status = 'refunded', closed_at = now() WHERE id = '" + invoiceId + "'");
  }

  public static JsonObject proof(long amount, String paidAt) {
    return new JsonObject().put("proof_url", "https://example.com/bukti/transfer.jpg").put("payer_name", "Budi Santoso")
      .put("bank", "BCA").put("paid_at", paidAt).put("amount", amount);
  }

  public static Response submitProof(String token, String invoiceId, JsonObject proof) {
    return Api.get().call("billing.submitProof").token(token).path("id", invoiceId).body(proof).send();
  }

  /** A transfer proof of the whole amount, sent an hour ago (academy time). */
  public static Response submitProof(Student student, Invoice invoice) {
    return submitProof(student.token(), invoice.id(), proof(invoice.amount(), Instant.now().minusSeconds(3600).toString()));
  }

  public static Response confirm(String admin, String invoiceId) {
    return Api.get().call("billing.confirmProof").token(admin).path("id", invoiceId).send();
  }

  public static Response reject(String admin, String invoiceId, String reason) {
    return Api.get().call("billing.rejectProof").token(admin).path("id", invoiceId).body(new JsonObject().put("reason", reason)).send();
  }

  public static Response checkout(String token, String invoiceId) {
    return Api.get().call("billing.checkout").token(token).path("id", invoiceId).send();
  }

  /** A gateway page for the invoice (asserting 200); its order id. */
  public static String orderId(Student student, Invoice invoice) {
    Response r = checkout(student.token(), invoice.id());
    assertEquals(200, r.status(), r.toString());
    return r.data().getString("order_id");
  }

  public static Response notify(JsonObject notification) {
    return Api.get().call("billing.paymentNotification").body(notification).send();
  }

  /** The invoice's status as its owner reads it. */
  public static String status(String token, String invoiceId) {
    Response r = Api.get().call("billing.getInvoice").token(token).path("id", invoiceId).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getString("status");
  }

  /** Gateway amounts are written with two decimals. */
  public static String gross(long amount) {
    return amount + ".00";
  }
}
