package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.TestNode;
import verticles.auth.TestUsers;
import verticles.billing.PaymentFixtures.Invoice;
import verticles.billing.PaymentFixtures.Student;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, the Midtrans-compatible gateway against a local fake one ({@link FakeGateway}): the checkout (a page, the
 * same page again, the gateway down, refusing, answering garbage), and its notifications — valid, bad signature, wrong
 * amount, unknown order, repeated, reordered, and 50 concurrent copies of one settlement: one payment, one email.
 */
class GatewayTest {
  String admin, course;
  Student ani;
  Invoice invoice;

  @BeforeEach
  void reset() {
    Billing.reset();
    FakeGateway.mode(FakeGateway.Mode.OK);
    admin = TestUsers.adminToken();
    course = Billing.course(admin, "Biola Menengah", 150_000, 20);
    ani = PaymentFixtures.student("ani@gateway.test");
    invoice = PaymentFixtures.invoice(admin, course, ani);
    assertEquals(600_000L, invoice.amount());
  }

  @AfterEach
  void gatewayBack() {
    FakeGateway.mode(FakeGateway.Mode.OK);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  private JsonObject settlement(String orderId) {
    return FakeGateway.notification(orderId, "settlement", PaymentFixtures.gross(invoice.amount()), "tx-" + orderId);
  }

  // --- checkout -----------------------------------------------------------------------------------------------------

  @Test
  void checkoutAsksTheGatewayForAPageAndAnswersTheSamePageUntilItEnds() {
    int before = FakeGateway.requests().size();
    Response first = PaymentFixtures.checkout(ani.token(), invoice.id());
    assertEquals(200, first.status(), first.toString());
    String orderId = first.data().getString("order_id");
    assertTrue(orderId.startsWith(invoice.number() + "-"), orderId);
    assertEquals("tok-" + orderId, first.data().getString("token"));
    assertEquals("https://app.sandbox.midtrans.com/snap/v4/redirection/tok-" + orderId, first.data().getString("redirect_url"));
    assertEquals(600_000L, first.data().getLong("amount"));
    assertFalse(first.data().getBoolean("reused"));

    List<JsonObject> asked = FakeGateway.requests().subList(before, FakeGateway.requests().size());
    assertEquals(1, asked.size());
    JsonObject snap = asked.get(0).getJsonObject("body");
    assertEquals(orderId, snap.getJsonObject("transaction_details").getString("order_id"));
    assertEquals(600_000L, snap.getJsonObject("transaction_details").getLong("gross_amount"));
    assertEquals("ani@gateway.test", snap.getJsonObject("customer_details").getString("email"));

    Response again = PaymentFixtures.checkout(ani.token(), invoice.id());
    assertEquals(orderId, again.data().getString("order_id"));
    assertTrue(again.data().getBoolean("reused"));
    assertEquals(before + 1, FakeGateway.requests().size()); // the gateway was not asked twice

    // once the page expired, the next checkout asks for a new one
    assertEquals("expired", PaymentFixtures.notify(FakeGateway.notification(orderId, "expire", "600000.00", "tx-1")).data()
      .getString("outcome"));
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    Response fresh = PaymentFixtures.checkout(ani.token(), invoice.id());
    assertFalse(fresh.data().getBoolean("reused"));
    assertFalse(orderId.equals(fresh.data().getString("order_id")));
  }

  /**
   * Hostile review: twenty checkouts of one invoice at once (a double-click, two tabs) used to ask the gateway twenty
   * times and keep twenty live pages, each of which could be paid. The invoice row is held while a page is asked for,
   * so the gateway is asked once and every answer names that one page.
   */
  @Test
  void twentyConcurrentCheckoutsOfOneInvoiceAskTheGatewayOnceAndShareItsPage() throws Exception {
    int before = FakeGateway.requests().size();
    Api.Call call = Api.get().call("billing.checkout").token(ani.token()).path("id", invoice.id());
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) sent.add(call.sendAsync());
    TestApp.await(Future.join(sent));
    java.util.Set<String> orders = new java.util.HashSet<>();
    int fresh = 0;
    for (Future<HttpResponse<Buffer>> f : sent) {
      Response r = call.checked(f.result());
      assertEquals(200, r.status(), r.toString());
      orders.add(r.data().getString("order_id"));
      if (!r.data().getBoolean("reused")) fresh++;
    }
    assertEquals(1, orders.size(), orders.toString());
    assertEquals(1, fresh);
    assertEquals(1, FakeGateway.requests().size() - before);
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.checkouts"));
  }

  @Test
  void aGatewayThatIsDownRefusesOrAnswersGarbageIsA502WithTheReasonAndNothingKept() {
    FakeGateway.mode(FakeGateway.Mode.DOWN);
    Response down = PaymentFixtures.checkout(ani.token(), invoice.id());
    assertError(down, 502, "PAYMENT_GATEWAY_ERROR");
    assertEquals("unreachable", down.json().getJsonObject("details").getString("reason"));
    FakeGateway.mode(FakeGateway.Mode.ERROR);
    Response error = PaymentFixtures.checkout(ani.token(), invoice.id());
    assertError(error, 502, "PAYMENT_GATEWAY_ERROR");
    assertEquals("refused", error.json().getJsonObject("details").getString("reason"));
    FakeGateway.mode(FakeGateway.Mode.GARBAGE);
    Response garbage = PaymentFixtures.checkout(ani.token(), invoice.id());
    assertError(garbage, 502, "PAYMENT_GATEWAY_ERROR");
    assertEquals("invalid_response", garbage.json().getJsonObject("details").getString("reason"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.checkouts"));

    FakeGateway.mode(FakeGateway.Mode.OK);
    assertEquals(200, PaymentFixtures.checkout(ani.token(), invoice.id()).status());
  }

  @Test
  void checkoutIsTheOwnersOfAnUnpaidInvoiceOnly() {
    Student budi = PaymentFixtures.student("budi@gateway.test");
    assertError(PaymentFixtures.checkout(budi.token(), invoice.id()), 404, "INVOICE_NOT_FOUND");
    assertError(PaymentFixtures.checkout(ani.token(), UUID.randomUUID().toString()), 404, "INVOICE_NOT_FOUND");
    assertError(PaymentFixtures.checkout(admin, invoice.id()), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("billing.checkout").path("id", invoice.id()).send(), 401, "AUTH_UNAUTHORIZED");
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertError(PaymentFixtures.checkout(ani.token(), invoice.id()), 409, "PAYMENT_PROOF_PENDING");
  }

  @Test
  void withoutAServerKeyCheckoutAndNotificationsAreRefusedAsNotConfigured(@TempDir Path dataDir) throws Exception {
    java.util.Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_BILLING_SERVER_KEY", "");
    env.put("ACADEMY_ROLES", "http,auth,billing");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api other = node.api();
      assertError(other.call("billing.checkout").token(ani.token()).path("id", invoice.id()).send(), 409,
        "PAYMENT_GATEWAY_NOT_CONFIGURED");
      JsonObject forged = FakeGateway.notification("INV-X-1", "settlement", "600000.00", "tx");
      forged.put("signature_key", FakeGateway.signature("INV-X-1", "200", "600000.00", ""));
      assertError(other.call("billing.paymentNotification").body(forged).send(), 409, "PAYMENT_GATEWAY_NOT_CONFIGURED");
    }
  }

  // --- notifications ------------------------------------------------------------------------------------------------

  @Test
  void aValidSettlementPaysTheInvoiceOnceWithBothEmails() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    List<JsonObject> paid = Billing.events("payment.received", 1, () -> {
      Response r = PaymentFixtures.notify(settlement(orderId));
      assertEquals(200, r.status(), r.toString());
      assertEquals("paid", r.data().getString("outcome"));
    });
    assertEquals(600_000L, paid.get(0).getLong("amount"));
    assertEquals("gateway", paid.get(0).getString("method"));
    assertEquals("paid", PaymentFixtures.status(ani.token(), invoice.id()));
    Mailbox.Mail receipt = Mailbox.one("ani@gateway.test", "Konfirmasi Pembayaran");
    assertTrue(receipt.text().contains("tx-" + orderId), receipt.text());
    assertTrue(receipt.text().contains("Rp 600.000,00"), receipt.text());
    Mailbox.one("ani@gateway.test", "Konfirmasi Pendaftaran");

    JsonObject payments = Api.get().call("billing.listPayments").token(admin).send().data();
    JsonObject payment = payments.getJsonArray("payments").getJsonObject(0);
    assertEquals("tx-" + orderId, payment.getString("transaction_id"));
    assertEquals(invoice.number(), payment.getString("invoice_number"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.gateway_notifications WHERE outcome = 'paid' AND signature_valid"));

    // the same notification again, and a late pending: nothing changes
    assertEquals("unchanged", PaymentFixtures.notify(settlement(orderId)).data().getString("outcome"));
    assertEquals("unchanged", PaymentFixtures.notify(FakeGateway.notification(orderId, "pending", "600000.00", "tx-" + orderId))
      .data().getString("outcome"));
    assertEquals("unchanged", PaymentFixtures.notify(FakeGateway.notification(orderId, "expire", "600000.00", "tx-" + orderId))
      .data().getString("outcome"));
    assertEquals("paid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payments"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.outbox WHERE data->>'template' = 'payment-confirmation'"));
    assertError(PaymentFixtures.checkout(ani.token(), invoice.id()), 409, "INVOICE_NOT_PAYABLE");
  }

  @Test
  void fiftyConcurrentCopiesOfOneSettlementRecordOnePaymentAndOneEmail() throws Exception {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    Api.Call call = Api.get().call("billing.paymentNotification").body(settlement(orderId));
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) sent.add(call.sendAsync());
    TestApp.await(Future.join(sent));
    List<String> outcomes = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> f : sent) {
      Response r = call.checked(f.result());
      assertEquals(200, r.status(), r.toString());
      outcomes.add(r.data().getString("outcome"));
    }
    assertEquals(1, outcomes.stream().filter("paid"::equals).count(), outcomes.toString());
    assertEquals(49, outcomes.stream().filter("unchanged"::equals).count(), outcomes.toString());
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payments"));
    assertEquals(50, TestApp.count("SELECT count(*) FROM billing.gateway_notifications"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.outbox WHERE data->>'template' = 'payment-confirmation'"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.outbox WHERE event_type = 'payment.received'"));
    Mailbox.one("ani@gateway.test", "Konfirmasi Pembayaran"); // exactly one delivered (a second would fail here)
    Mailbox.one("ani@gateway.test", "Konfirmasi Pendaftaran");
  }

  @Test
  void aPendingThenSettlementThenAReorderedPendingEndPaid() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    assertEquals("pending", PaymentFixtures.notify(FakeGateway.notification(orderId, "pending", "600000.00", "tx-9")).data()
      .getString("outcome"));
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals("unchanged", PaymentFixtures.notify(FakeGateway.notification(orderId, "pending", "600000.00", "tx-9")).data()
      .getString("outcome"));
    assertEquals("paid", PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "600000.00", "tx-9")).data()
      .getString("outcome"));
    assertEquals("unchanged", PaymentFixtures.notify(FakeGateway.notification(orderId, "pending", "600000.00", "tx-9")).data()
      .getString("outcome"));
    assertEquals("unchanged", PaymentFixtures.notify(FakeGateway.notification(orderId, "cancel", "600000.00", "tx-9")).data()
      .getString("outcome"));
    assertEquals("paid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals("paid", Billing.string("SELECT status FROM billing.checkouts WHERE order_id = '" + orderId + "'"));
  }

  @Test
  void cancelDenyAndChallengeAreAttemptsThatLeaveTheInvoicePayable() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    JsonObject challenged = FakeGateway.notification(orderId, "capture", "600000.00", "tx-c").put("fraud_status", "challenge");
    assertEquals("pending", PaymentFixtures.notify(challenged).data().getString("outcome"));
    assertEquals("failed", PaymentFixtures.notify(FakeGateway.notification(orderId, "deny", "600000.00", "tx-c")).data()
      .getString("outcome"));
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals("ignored", PaymentFixtures.notify(FakeGateway.notification(orderId, "refund", "600000.00", "tx-c")).data()
      .getString("outcome"));
    // a new page for the next attempt, paid by capture
    String next = PaymentFixtures.orderId(ani, invoice);
    assertFalse(orderId.equals(next));
    assertEquals("paid", PaymentFixtures.notify(FakeGateway.notification(next, "capture", "600000.00", "tx-d")).data()
      .getString("outcome"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments WHERE transaction_id = 'tx-c'"));
  }

  @Test
  void optionalFieldsSentAsNullAreAbsentNotA400ThatTheGatewayRetriesForever() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    JsonObject pending = FakeGateway.notification(orderId, "pending", "600000.00", "tx-n").putNull("fraud_status")
      .putNull("settlement_time").putNull("payment_type");
    Response answered = PaymentFixtures.notify(pending);
    assertEquals(200, answered.status(), answered.toString());
    assertEquals("pending", answered.data().getString("outcome"));
    // a settlement with every optional field null: paid, the transaction id falls back to the order id, paid now
    JsonObject settled = FakeGateway.notification(orderId, "settlement", "600000.00", "tx-n").putNull("transaction_id")
      .putNull("fraud_status").putNull("settlement_time").putNull("transaction_time").putNull("payment_type");
    PaymentFixtures.awaitPayment(invoice.id(), () -> {
      Response paid = PaymentFixtures.notify(settled);
      assertEquals(200, paid.status(), paid.toString());
      assertEquals("paid", paid.data().getString("outcome"));
    });
    assertEquals("paid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payments WHERE transaction_id = '" + orderId + "'"));
    // the required fields stay required: null is not an order id
    assertError(PaymentFixtures.notify(settlement(orderId).putNull("order_id")), 400, "VALIDATION_ERROR");
  }

  @Test
  void aBadSignatureIsA403AuditedWithoutItsBodyAndChangesNothing() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    JsonObject forged = settlement(orderId).put("signature_key", FakeGateway.signature(orderId, "200", "600000.00", "guessed-key"));
    assertError(PaymentFixtures.notify(forged), 403, "PAYMENT_SIGNATURE_INVALID");
    // a genuine signature over another amount does not sign this one
    JsonObject tampered = FakeGateway.notification(orderId, "settlement", "1.00", "tx").put("gross_amount", "600000.00");
    assertError(PaymentFixtures.notify(tampered), 403, "PAYMENT_SIGNATURE_INVALID");
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals(2, TestApp.count("SELECT count(*) FROM billing.gateway_notifications WHERE NOT signature_valid "
      + "AND outcome = 'bad_signature' AND body = '{}'::jsonb"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments"));
  }

  /**
   * Hostile review: the signature covers order_id, status_code and gross_amount but not transaction_status. A genuine
   * pending notification (status code 201) replayed with its status rewritten to settlement used to pay the invoice
   * without any money. A payment needs status code 200.
   */
  @Test
  void aSignedPendingNotificationRewrittenAsASettlementIsRefused() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    JsonObject pending = FakeGateway.notification(orderId, "pending", "600000.00", "tx-pending");
    assertEquals("pending", PaymentFixtures.notify(pending).data().getString("outcome"));
    assertError(PaymentFixtures.notify(pending.copy().put("transaction_status", "settlement")), 403, "PAYMENT_SIGNATURE_INVALID");
    assertError(PaymentFixtures.notify(pending.copy().put("transaction_status", "capture")), 403, "PAYMENT_SIGNATURE_INVALID");
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments"));
    assertEquals(2, TestApp.count("SELECT count(*) FROM billing.gateway_notifications WHERE NOT signature_valid "
      + "AND outcome = 'status_mismatch' AND body = '{}'::jsonb"));
    // the genuine settlement still pays
    assertEquals("paid", PaymentFixtures.notify(settlement(orderId)).data().getString("outcome"));
  }

  @Test
  void aSignedNotificationWithAnotherAmountOrAnUnknownOrderIsRefused() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    Response less = PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "1000.00", "tx-cheap"));
    assertError(less, 422, "PAYMENT_AMOUNT_MISMATCH");
    assertEquals(600_000L, less.json().getJsonObject("details").getLong("expected"));
    assertError(PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "600000.001", "tx")), 422,
      "PAYMENT_AMOUNT_MISMATCH");
    assertError(PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "six hundred", "tx")), 422,
      "PAYMENT_AMOUNT_MISMATCH");
    assertError(PaymentFixtures.notify(FakeGateway.notification("INV-2000-01-0001-abcd", "settlement", "600000.00", "tx")), 404,
      "PAYMENT_ORDER_NOT_FOUND");
    assertEquals("unpaid", PaymentFixtures.status(ani.token(), invoice.id()));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.gateway_notifications WHERE outcome = 'unknown_order'"));
    // "600000" without decimals is the same amount
    assertEquals("paid", PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "600000", "tx-ok")).data()
      .getString("outcome"));
  }

  @Test
  void aSettlementOfAnInvoiceAlreadyPaidByTransferRecordsNoSecondPayment() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertEquals(200, PaymentFixtures.confirm(admin, invoice.id()).status());
    assertEquals("paid_twice", PaymentFixtures.notify(settlement(orderId)).data().getString("outcome"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM billing.payments"));
    assertEquals("bank_transfer", Billing.string("SELECT method FROM billing.payments"));
  }

  @Test
  void aSettlementWhileAProofWaitsPaysAndClosesTheProof() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertEquals("paid", PaymentFixtures.notify(settlement(orderId)).data().getString("outcome"));
    JsonObject proof = Api.get().call("billing.listProofs").token(ani.token()).path("id", invoice.id()).send().data()
      .getJsonArray("proofs").getJsonObject(0);
    assertEquals("rejected", proof.getString("status"));
    assertEquals("Paid through the payment gateway", proof.getString("reason"));
    assertError(PaymentFixtures.confirm(admin, invoice.id()), 409, "INVOICE_NOT_PAYABLE");
  }

  /**
   * Hostile review: a page opened, a proof sent, the enrollment cancelled (the invoice stays in review), then the
   * gateway settles: the money is not recorded against the cancelled enrollment (outcome paid_after_close, logged for a
   * refund) and no confirmation email goes out.
   */
  @Test
  void aSettlementForAnEnrollmentCancelledWhileAProofWaitedRecordsNothing() {
    String orderId = PaymentFixtures.orderId(ani, invoice);
    assertEquals(201, PaymentFixtures.submitProof(ani, invoice).status());
    assertEquals(200, Api.get().call("enrollment.cancel").path("id", invoice.enrollmentId()).token(admin).send().status());
    TestApp.await(TestApp.get().vertx().eventBus().<JsonObject>request(verticles.bus.BillingClient.CANCEL_INVOICE,
      new JsonObject().put("enrollment_id", invoice.enrollmentId()), new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000)));
    assertEquals("paid_after_close", PaymentFixtures.notify(settlement(orderId)).data().getString("outcome"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.payments"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM billing.outbox WHERE data->>'template' = 'enrollment-confirmation'"));
    assertEquals("pending_review", PaymentFixtures.status(ani.token(), invoice.id()));
  }

  @Test
  void aMalformedNotificationIsA400() {
    Response missing = PaymentFixtures.notify(new JsonObject().put("order_id", "x").put("status_code", "200"));
    assertError(missing, 400, "VALIDATION_REQUIRED_FIELD");
    JsonObject typed = settlement("x").put("gross_amount", 600000);
    assertEquals(400, PaymentFixtures.notify(typed).status());
  }
}
