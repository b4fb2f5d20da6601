package verticles.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.billing.PaymentFixtures.Invoice;
import verticles.billing.PaymentFixtures.Student;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, bank transfers: the student's proof (→ pending_review), the admin's confirmation (→ paid: one payment, the
 * enrollment marked paid, the payment-confirmation and enrollment-confirmation emails) or rejection (→ unpaid, with the
 * reason), and every refusal with its stable code.
 */
class TransferTest {
  String admin, adminId, course;
  Student ani;
  Invoice invoice;

  @BeforeEach
  void reset() {
    Billing.reset();
    admin = TestUsers.adminToken();
    adminId = Api.get().call("auth.me").token(admin).send().data().getString("id");
    course = Billing.course(admin, "Piano Dasar", 125_000, 20);
    ani = PaymentFixtures.student("ani@pay.test");
    invoice = PaymentFixtures.invoice(admin, course, ani);
    assertEquals(500_000L, invoice.amount()); // 4 sessions × Rp 125.000
    // issued on New Year's Day (UTC): the proofs below are dated in 2026, after it (a transfer is bounded by its invoice)
    TestApp.sql("UPDATE billing.invoices SET issued_at = '" + ISSUED + "' WHERE id = '" + invoice.id() + "'");
  }

  static final String ISSUED = "2026-01-01T00:00:00Z";

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  @Test
  void aConfirmedProofPaysTheInvoiceMarksTheEnrollmentAndSendsBothEmails() {
    Response sent = PaymentFixtures.submitProof(ani.token(), invoice.id(),
      PaymentFixtures.proof(500_000, "2026-05-15T09:30:00")); // academy time: 02:30 UTC
    assertEquals(201, sent.status(), sent.toString());
    JsonObject proof = sent.data().getJsonObject("proof");
    assertEquals("pending_review", sent.data().getJsonObject("invoice").getString("status"));
    assertEquals("pending", proof.getString("status"));
    assertEquals("2026-05-15T02:30:00Z", proof.getString("paid_at"));
    assertEquals("Budi Santoso", proof.getString("payer_name"));
    assertEquals("pending_review", PaymentFixtures.status(ani.token(), invoice.id()));

    List<JsonObject> paid = Billing.events("enrollment.paid", 1, () -> {
      Response confirmed = PaymentFixtures.confirm(admin, invoice.id());
      assertEquals(200, confirmed.status(), confirmed.toString());
      JsonObject payment = confirmed.data().getJsonObject("payment");
      assertEquals("paid", confirmed.data().getJsonObject("invoice").getString("status"));
      assertEquals("bank_transfer", payment.getString("method"));
      assertEquals(500_000L, payment.getLong("amount"));
      assertEquals(proof.getString("id"), payment.getString("transaction_id"));
      assertEquals("2026-05-15T02:30:00Z", payment.getString("paid_at"));
      assertEquals(adminId, payment.getString("recorded_by"));
      assertEquals(invoice.enrollmentId(), payment.getString("enrollment_id"));
      assertEquals("ani@pay.test", payment.getJsonObject("student").getString("email"));
    });
    assertEquals(invoice.enrollmentId(), paid.get(0).getString("enrollment_id"));

    assertEquals("paid", PaymentFixtures.status(ani.token(), invoice.id()));
    JsonObject enrollment = Api.get().call("enrollment.get").token(admin).path("id", invoice.enrollmentId()).send().data();
    assertEquals("2026-05-15T02:30:00Z", enrollment.getString("paid_at"));
    JsonArray proofs = Api.get().call("billing.listProofs").token(ani.token()).path("id", invoice.id()).send().data()
      .getJsonArray("proofs");
    assertEquals("confirmed", proofs.getJsonObject(0).getString("status"));
    assertEquals(adminId, proofs.getJsonObject(0).getString("reviewed_by"));

    Mailbox.Mail receipt = Mailbox.one("ani@pay.test", "Konfirmasi Pembayaran");
    assertTrue(receipt.text().contains("Piano Dasar"), receipt.text());
    assertTrue(receipt.text().contains("Rp 500.000,00"), receipt.text());
    assertTrue(receipt.text().contains(proof.getString("id")), receipt.text());
    assertTrue(receipt.text().contains("15 Mei 2026"), receipt.text());
    Mailbox.Mail confirmation = Mailbox.one("ani@pay.test", "Konfirmasi Pendaftaran");
    assertTrue(confirmation.text().contains("Harga: Rp 500.000,00"), confirmation.text());
    String paymentId = Billing.string("SELECT id FROM billing.payments WHERE invoice_id = '" + invoice.id() + "'");
    assertTrue(confirmation.text().contains("ID pembayaran: " + paymentId), confirmation.text());

    // a paid invoice takes no more proofs, and its review is over
    assertError(PaymentFixtures.submitProof(ani, invoice), 409, "INVOICE_NOT_PAYABLE");
    assertError(PaymentFixtures.confirm(admin, invoice.id()), 409, "INVOICE_NOT_PAYABLE");
    assertError(PaymentFixtures.reject(admin, invoice.id(), "late"), 409, "INVOICE_NOT_PAYABLE");
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payments"));
  }

  @Test
  void aRejectedProofLeavesTheInvoiceUnpaidWithTheReasonAndAnotherProofMayFollow() {
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    Response rejected = PaymentFixtures.reject(admin, invoice.id(), "Nominal di bukti tidak terbaca");
    assertEquals(200, rejected.status(), rejected.toString());
    assertEquals("unpaid", rejected.data().getJsonObject("invoice").getString("status"));
    assertEquals("rejected", rejected.data().getJsonObject("proof").getString("status"));
    assertEquals("Nominal di bukti tidak terbaca", rejected.data().getJsonObject("proof").getString("reason"));
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertError(PaymentFixtures.confirm(admin, invoice.id()), 409, "INVOICE_NOT_PAYABLE");

    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    JsonArray proofs = Api.get().call("billing.listProofs").token(admin).path("id", invoice.id()).send().data().getJsonArray("proofs");
    assertEquals(List.of("pending", "rejected"), List.of(proofs.getJsonObject(0).getString("status"), proofs.getJsonObject(1).getString("status")));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments"));
  }

  /**
   * Hostile review: an enrollment cancelled while its transfer proof waits keeps the invoice in review (money may be on
   * its way); rejecting that proof used to make the invoice unpaid again, so the student could still pay a cancelled
   * enrollment by transfer or through the gateway. Now the rejection cancels the invoice. The cancellation reaches
   * billing through enrollment's outbox; the test hands it over once more on the bus (idempotent), as the outbox would,
   * so billing has surely seen it before the rejection.
   */
  @Test
  void aProofRejectedAfterTheEnrollmentWasCancelledCancelsTheInvoiceInsteadOfReopeningIt() {
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertEquals(200, Api.get().call("enrollment.cancel").path("id", invoice.enrollmentId()).token(admin).send().status());
    JsonObject closed = TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(
      verticles.bus.BillingClient.CANCEL_INVOICE, new JsonObject().put("enrollment_id", invoice.enrollmentId()),
      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000))).body();
    assertEquals(false, closed.getBoolean("cancelled")); // in review: the cancellation leaves it to the reviewer
    assertEquals("pending_review", PaymentFixtures.status(ani.token(), invoice.id()));

    List<JsonObject> cancelled = Billing.events("invoice.cancelled", 1, () -> {
      Response rejected = PaymentFixtures.reject(admin, invoice.id(), "Pendaftaran dibatalkan");
      assertEquals(200, rejected.status(), rejected.toString());
      assertEquals("cancelled", rejected.data().getJsonObject("invoice").getString("status"));
      assertEquals("rejected", rejected.data().getJsonObject("proof").getString("status"));
    });
    assertEquals(invoice.id(), cancelled.get(0).getString("invoice_id"));
    assertEquals("cancelled", PaymentFixtures.status(ani.token(), invoice.id()));
    assertError(PaymentFixtures.submitProof(ani, invoice), 409, "INVOICE_NOT_PAYABLE");
    assertError(PaymentFixtures.checkout(ani.token(), invoice.id()), 409, "INVOICE_NOT_PAYABLE");
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments"));
  }

  /**
   * Hostile review: confirming the proof of an enrollment cancelled while the proof waited used to record the payment,
   * mark the cancelled enrollment paid and email the student an enrollment confirmation after the cancellation email.
   * The confirmation is refused (409, the admin rejects and refunds); nothing is recorded.
   */
  @Test
  void aProofOfAnEnrollmentCancelledWhileItWaitedCannotBeConfirmed() {
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertEquals(200, Api.get().call("enrollment.cancel").path("id", invoice.enrollmentId()).token(admin).send().status());
    TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(verticles.bus.BillingClient.CANCEL_INVOICE,
      new JsonObject().put("enrollment_id", invoice.enrollmentId()), new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000)));

    Response confirmed = PaymentFixtures.confirm(admin, invoice.id());
    assertError(confirmed, 409, "INVOICE_NOT_PAYABLE");
    assertEquals("pending_review", confirmed.json().getJsonObject("details").getString("status"));
    assertEquals("pending_review", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payment_proofs WHERE status = 'pending'"));
    assertNull(Api.get().call("enrollment.get").token(admin).path("id", invoice.enrollmentId()).send().data().getString("paid_at"));
    // the way out: the rejection cancels it
    assertEquals("cancelled", PaymentFixtures.reject(admin, invoice.id(), "Dibatalkan").data().getJsonObject("invoice").getString("status"));
  }

  /**
   * Hostile review: an invoice may be up to 1,000 sessions of the largest price per session (Rp 10^12), but a proof's
   * amount stopped at Rp 10^12, so an invoice above it could never be paid by transfer (its exact amount was a 400).
   */
  @Test
  void theLargestInvoiceCanBePaidByTransfer() {
    String dear = Billing.course(admin, "Masterclass", 1_000_000_000_000L, 5);
    Student rich = PaymentFixtures.student("rich@pay.test");
    Response booked = Api.get().call("enrollment.createBooking").token(rich.token()).body(new JsonObject().put("course_id", dear)).send();
    assertEquals(201, booked.status(), booked.toString());
    Invoice large = Invoice.of(Billing.approvedWithInvoice(admin, booked.data().getString("enrollment_id"),
      new JsonObject().put("sessions", 1000)));
    assertEquals(1_000_000_000_000_000L, large.amount());
    Response sent = PaymentFixtures.submitProof(rich, large);
    assertEquals(201, sent.status(), sent.toString());
    assertEquals(200, PaymentFixtures.confirm(admin, large.id()).status());
    assertError(PaymentFixtures.submitProof(rich.token(), invoice.id(),
      PaymentFixtures.proof(1_000_000_000_000_001L, "2026-01-01T10:00:00")), 400, "VALIDATION_ERROR");
  }

  @Test
  void aSecondProofWhileOneWaitsIsRefusedEvenTwentyAtOnce() throws Exception {
    Api.Call call = Api.get().call("billing.submitProof").token(ani.token()).path("id", invoice.id())
      .body(PaymentFixtures.proof(500_000, Instant.now().minusSeconds(60).toString()));
    List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) sent.add(call.sendAsync());
    TestApp.await(io.vertx.core.Future.join(sent));
    List<Response> answers = new ArrayList<>();
    for (var f : sent) answers.add(call.checked(f.result()));
    assertEquals(1, answers.stream().filter(r -> r.status() == 201).count(), answers.toString());
    answers.stream().filter(r -> r.status() != 201).forEach(r -> assertError(r, 409, "PAYMENT_PROOF_PENDING"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payment_proofs"));
  }

  @Test
  void anotherStudentsInvoiceIsNotFoundLikeAnUnknownOne() {
    Student budi = PaymentFixtures.student("budi@pay.test");
    assertError(PaymentFixtures.submitProof(budi, invoice), 404, "INVOICE_NOT_FOUND");
    assertError(PaymentFixtures.submitProof(budi.token(), UUID.randomUUID().toString(),
      PaymentFixtures.proof(500_000, "2026-01-01T10:00:00")), 404, "INVOICE_NOT_FOUND");
    assertError(Api.get().call("billing.listProofs").token(budi.token()).path("id", invoice.id()).send(), 404, "INVOICE_NOT_FOUND");
    assertError(PaymentFixtures.confirm(admin, UUID.randomUUID().toString()), 404, "INVOICE_NOT_FOUND");
    assertError(PaymentFixtures.reject(admin, UUID.randomUUID().toString(), "x"), 404, "INVOICE_NOT_FOUND");
  }

  @Test
  void wrongAmountsFutureDatesAndBadFieldsAreRefusedWithTheirCodes() {
    Response wrong = PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(499_999, "2026-01-01T10:00:00"));
    assertError(wrong, 422, "PAYMENT_AMOUNT_MISMATCH");
    assertEquals(500_000L, wrong.json().getJsonObject("details").getLong("expected"));
    Response future = PaymentFixtures.submitProof(ani.token(), invoice.id(),
      PaymentFixtures.proof(500_000, Instant.now().plusSeconds(3600).toString()));
    assertError(future, 400, "VALIDATION_INVALID_DATE");
    assertEquals("paid_at", future.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    assertError(PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(500_000, "kemarin")), 400,
      "VALIDATION_INVALID_DATE");
    assertError(PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(500_000, "2026-01-01T10:00:00")
      .put("proof_url", "javascript:alert(1)")), 400, "VALIDATION_ERROR");
    assertError(PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(500_000, "2026-01-01T10:00:00")
      .put("payer_name", "   ")), 400, "VALIDATION_ERROR");
    assertError(PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(500_000, "2026-01-01T10:00:00")
      .put("status", "confirmed")), 400, "VALIDATION_UNKNOWN_FIELD");
    assertError(PaymentFixtures.reject(admin, invoice.id(), " "), 400, "VALIDATION_ERROR");
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
  }

  @Test
  void aTransferDatedLongBeforeTheInvoiceOrFarAheadIsRefusedNamingPaidAt() {
    for (String paidAt : List.of("0001-01-01T00:00:00Z", "2025-12-24T23:59:59Z", "9999-12-31T23:59:59Z",
        Instant.now().plusSeconds(3600).toString())) {
      Response refused = PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(500_000, paidAt));
      assertError(refused, 400, "VALIDATION_INVALID_DATE");
      assertEquals("paid_at", refused.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"),
        paidAt);
    }
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    // a week before the invoice was issued (paid when registering) is the earliest accepted
    Response earliest = PaymentFixtures.submitProof(ani.token(), invoice.id(), PaymentFixtures.proof(500_000, "2025-12-25T00:00:00Z"));
    assertEquals(201, earliest.status(), earliest.toString());
    assertEquals("2025-12-25T00:00:00Z", earliest.data().getJsonObject("proof").getString("paid_at"));
    PaymentFixtures.awaitPayment(invoice.id(), () -> assertEquals(200, PaymentFixtures.confirm(admin, invoice.id()).status()));
    assertEquals("2025-12-25T00:00:00Z", Api.get().call("billing.getInvoice").token(admin).path("id", invoice.id()).send()
      .data().getString("paid_at"));
  }

  @Test
  void onlyStudentsSendProofsAndOnlyAdminsReviewThem() {
    TestUsers.create("instructor", "guru@pay.test", PaymentFixtures.PASSWORD, "active");
    String instructor = TestUsers.login("guru@pay.test", PaymentFixtures.PASSWORD).getString("access_token");
    JsonObject body = PaymentFixtures.proof(500_000, "2026-01-01T10:00:00");
    assertError(PaymentFixtures.submitProof(admin, invoice.id(), body), 403, "AUTH_FORBIDDEN");
    assertError(PaymentFixtures.submitProof(instructor, invoice.id(), body), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("billing.submitProof").path("id", invoice.id()).body(body).send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertError(PaymentFixtures.confirm(ani.token(), invoice.id()), 403, "AUTH_FORBIDDEN");
    assertError(PaymentFixtures.confirm(instructor, invoice.id()), 403, "AUTH_FORBIDDEN");
    assertError(PaymentFixtures.reject(ani.token(), invoice.id(), "no"), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("billing.listProofs").token(instructor).path("id", invoice.id()).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("billing.confirmProof").path("id", invoice.id()).send(), 401, "AUTH_UNAUTHORIZED");
    assertNull(Api.get().call("enrollment.get").token(admin).path("id", invoice.enrollmentId()).send().data().getString("paid_at"));
    assertNotNull(invoice.number());
  }
}
