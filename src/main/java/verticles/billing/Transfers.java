package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.LocalTimes;
import verticles.bus.Outbox;
import verticles.bus.Reply;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Bank transfers (issue 18): the student sends a proof {proof_url, payer_name, bank, paid_at, amount} for their unpaid
 * invoice (→ {@code pending_review}), an admin confirms it (→ {@code paid}, through {@link Payments#record}) or rejects
 * it with a reason (→ {@code unpaid} again). Every step locks the invoice row, so a proof, its review and a gateway
 * settlement of the same invoice never interleave; one pending proof per invoice is also a unique index.
 */
final class Transfers {
  private final Pool db;
  private final Payments payments;
  private final LocalTimes times;
  private final Runnable flush;

  Transfers(Pool db, Payments payments, LocalTimes times, Runnable flush) {
    this.db = db;
    this.payments = payments;
    this.times = times;
    this.flush = flush;
  }

  /**
   * How long before its invoice was issued a transfer may have been sent: a student may pay when registering, and the
   * invoice is issued at the approval (pending registrations expire after a few days, {@code enrollment.pending_expiry_days}).
   */
  static final Duration PAID_BEFORE_ISSUE = Duration.ofDays(7);

  /** How far ahead of this server's clock a transfer's time may be (the student's device clock runs fast). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * POST /api/invoices/{id}/proof → 201 {invoice (pending_review), proof}. 404 {@code INVOICE_NOT_FOUND} (unknown or
   * another's), 409 {@code PAYMENT_PROOF_PENDING} (one waits already), 409 {@code INVOICE_NOT_PAYABLE} (paid, expired,
   * cancelled, refunded), 422 {@code PAYMENT_AMOUNT_MISMATCH}, 400 {@code VALIDATION_INVALID_DATE} naming
   * {@code paid_at}: not a date-time, more than {@link #CLOCK_SKEW} in the future, or more than
   * {@link #PAID_BEFORE_ISSUE} before the invoice was issued (the payment's date is the revenue's month).
   */
  Future<Reply> submit(BusRequest req) {
    JsonObject body = req.body();
    OffsetDateTime paidAt = times.field("paid_at", body.getString("paid_at"));
    if (paidAt.isAfter(OffsetDateTime.now(ZoneOffset.UTC).plus(CLOCK_SKEW))) {
      return Future.failedFuture(ErrorCode.VALIDATION_INVALID_DATE.forField("paid_at", "must not be in the future"));
    }
    long amount = body.getLong("amount");
    Caller caller = req.user();
    return db.withTransaction(conn -> PayableInvoices.forCaller(conn, PaymentSql.LOCK_INVOICE, req.pathParam("id"), caller, false)
      .compose(PayableInvoices::requireUnpaid)
      .compose(invoice -> {
        OffsetDateTime earliest = invoice.getOffsetDateTime("issued_at").minus(PAID_BEFORE_ISSUE);
        if (paidAt.isBefore(earliest)) {
          return Future.failedFuture(ErrorCode.VALIDATION_INVALID_DATE.forField("paid_at",
            "must not be more than " + PAID_BEFORE_ISSUE.toDays() + " days before the invoice was issued (" + Iso.of(earliest) + " at the earliest)"));
        }
        if (amount != invoice.getLong("amount")) return Future.failedFuture(PayableInvoices.amountMismatch(invoice.getLong("amount")));
        Tuple proof = Tuple.of(invoice.getUUID("id"), body.getString("proof_url"), body.getString("payer_name").strip(),
          body.getString("bank").strip(), paidAt, amount);
        return conn.preparedQuery(PaymentSql.INSERT_PROOF).execute(proof)
          .compose(rows -> conn.preparedQuery(PaymentSql.AWAIT_REVIEW).execute(Tuple.of(invoice.getUUID("id")))
            .map(v -> new JsonObject().put("invoice", PaymentViews.invoice(invoice, "pending_review", null))
              .put("proof", PaymentViews.proof(rows.iterator().next()))));
      }))
      .recover(e -> e instanceof PgException pg && PaymentSql.ONE_PENDING_PROOF.equals(pg.getConstraint())
        ? Future.failedFuture(PayableInvoices.proofPending()) : Future.failedFuture(e))
      .map(data -> Reply.created(data, "Transfer proof received; it will be reviewed"));
  }

  /**
   * POST /api/invoices/{id}/confirm (admin) → 200 {invoice (paid), payment}: the pending proof confirmed and the payment
   * recorded ({@link Payments#record}: method bank_transfer, the proof's amount and paid_at, transaction_id = the proof's
   * id, recorded_by = the admin). 404 unknown invoice; 409 {@code INVOICE_NOT_PAYABLE} unless {@code pending_review}, and
   * when the enrollment was cancelled while the proof waited (the admin rejects it instead; the invoice is then
   * cancelled). The enrollment's billing lock ({@link BillingSql#LOCK_ENROLLMENT}) orders this against the cancellation.
   */
  Future<Reply> confirm(BusRequest req) {
    Caller admin = req.user();
    return PayableInvoices.load(db, PaymentSql.INVOICE, req.pathParam("id")).compose(payments::payer)
      .compose(payer -> db.withTransaction(conn -> PayableInvoices.load(conn, PaymentSql.LOCK_INVOICE, req.pathParam("id"))
        .compose(invoice -> underReview(invoice)
          .compose(v -> conn.preparedQuery(BillingSql.LOCK_ENROLLMENT).execute(Tuple.of(invoice.getUUID("enrollment_id").toString())))
          .compose(v -> conn.preparedQuery(PaymentSql.ENROLLMENT_CLOSED).execute(Tuple.of(invoice.getUUID("enrollment_id"))))
          .compose(closed -> closed.iterator().next().getBoolean("closed")
            ? Future.failedFuture(PayableInvoices.notPayable(invoice,
                "The enrollment of this invoice was cancelled: reject the proof and refund the transfer"))
            : conn.preparedQuery(PaymentSql.PENDING_PROOF).execute(Tuple.of(invoice.getUUID("id"))))
          .compose(pending -> {
            if (pending.size() == 0) return Future.failedFuture(PayableInvoices.notPayable(invoice, "No transfer proof waits for review"));
            Row proof = pending.iterator().next();
            Payments.Paid paid = new Payments.Paid("bank_transfer", proof.getLong("amount"), proof.getUUID("id").toString(),
              proof.getOffsetDateTime("paid_at"), UUID.fromString(admin.id()));
            return conn.preparedQuery(PaymentSql.REVIEW_PROOF).execute(Tuple.of(proof.getUUID("id"), "confirmed", null, paid.recordedBy()))
              .compose(v -> payments.record(conn, invoice, paid, payer, admin.id()))
              .compose(payment -> payment == null
                ? Future.failedFuture(PayableInvoices.notPayable(invoice, "This invoice cannot be paid"))
                : conn.preparedQuery(PaymentSql.PAYMENT).execute(Tuple.of(payment.getUUID("id"))).map(rows -> new JsonObject()
                  .put("invoice", PaymentViews.invoice(invoice, "paid", payment.getOffsetDateTime("paid_at")))
                  .put("payment", PaymentViews.payment(rows.iterator().next()).put("student", PaymentViews.student(payer.account())))));
          }))))
      .map(data -> {
        flush.run();
        return Reply.ok(data, "Payment confirmed");
      });
  }

  /**
   * POST /api/invoices/{id}/reject {reason} (admin) → 200 {invoice (unpaid), proof (rejected, with the reason)}. 404
   * unknown invoice; 409 {@code INVOICE_NOT_PAYABLE} unless {@code pending_review}. When the enrollment was cancelled
   * while the proof waited, the invoice becomes {@code cancelled} instead (event {@code invoice.cancelled}), as the
   * cancellation would have made it had it been unpaid.
   */
  Future<Reply> reject(BusRequest req) {
    Caller admin = req.user();
    String reason = req.body().getString("reason").strip();
    return db.withTransaction(conn -> PayableInvoices.load(conn, PaymentSql.LOCK_INVOICE, req.pathParam("id"))
        .compose(invoice -> underReview(invoice)
          .compose(v -> conn.preparedQuery(PaymentSql.PENDING_PROOF).execute(Tuple.of(invoice.getUUID("id"))))
          .compose(pending -> {
            if (pending.size() == 0) return Future.failedFuture(PayableInvoices.notPayable(invoice, "No transfer proof waits for review"));
            UUID proofId = pending.iterator().next().getUUID("id");
            return conn.preparedQuery(PaymentSql.REVIEW_PROOF).execute(Tuple.of(proofId, "rejected", reason, UUID.fromString(admin.id())))
              .compose(proof -> conn.preparedQuery(PaymentSql.BACK_TO_UNPAID).execute(Tuple.of(invoice.getUUID("id")))
                .compose(back -> {
                  Row after = back.iterator().next();
                  JsonObject data = new JsonObject().put("invoice", PaymentViews.invoice(invoice, after.getString("status"), null))
                    .put("proof", PaymentViews.proof(proof.iterator().next()));
                  if (!"cancelled".equals(after.getString("status"))) return Future.succeededFuture(data);
                  JsonObject event = new JsonObject().put("invoice_id", after.getUUID("id").toString())
                    .put("number", after.getString("number")).put("enrollment_id", after.getUUID("enrollment_id").toString())
                    .put("student_id", after.getUUID("student_id").toString()).put("course_id", after.getUUID("course_id").toString());
                  return Outbox.add(conn, PaymentSql.SCHEMA, "invoice.cancelled", event, admin.id()).map(v -> data.put("cancelled", true));
                }));
          })))
      .map(data -> {
        if (data.remove("cancelled") != null) flush.run();
        return Reply.ok(data, "Transfer proof rejected");
      });
  }

  /** GET /api/invoices/{id}/proofs (the owner or an admin; else 404) → {invoice, proofs (newest first)}. */
  Future<Reply> list(BusRequest req) {
    return PayableInvoices.forCaller(db, PaymentSql.INVOICE, req.pathParam("id"), req.user(), true)
      .compose(invoice -> db.preparedQuery(PaymentSql.PROOFS).execute(Tuple.of(invoice.getUUID("id"))).map(rows -> {
        JsonArray proofs = new JsonArray();
        for (Row row : rows) proofs.add(PaymentViews.proof(row));
        return Reply.ok(new JsonObject().put("invoice", PaymentViews.invoice(invoice)).put("proofs", proofs));
      }));
  }

  private static Future<Void> underReview(Row invoice) {
    return "pending_review".equals(invoice.getString("status")) ? Future.succeededFuture()
      : Future.failedFuture(PayableInvoices.notPayable(invoice, "This invoice has no transfer proof waiting for review"));
  }
}
