package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.AuthClient;
import verticles.bus.CatalogClient;
import verticles.bus.EnrollmentClient;
import verticles.bus.Iso;
import verticles.bus.NotifyClient;
import verticles.bus.Outbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Records that an invoice was paid — the one place both ways of paying (a confirmed transfer, a gateway settlement) go
 * through, inside the caller's transaction with the invoice row locked:
 * <ol>
 *   <li>the invoice becomes {@code paid} by a conditional UPDATE ({@link PaymentSql#MARK_INVOICE_PAID}: exactly one of
 *   concurrent or repeated attempts changes it; the others record nothing);</li>
 *   <li>the payment row {id, invoice_id, method, amount (rupiah), transaction_id, paid_at} ({@code payments.invoice_id}
 *   UNIQUE backs the rule); a transfer proof still waiting (the gateway paid first) is closed as rejected;</li>
 *   <li>enrollment is told the enrollment is paid ({@code Outbox.command} to {@link EnrollmentClient#MARK_PAID}: after
 *   commit, until acknowledged, idempotent there);</li>
 *   <li>the event {@code payment.received} (the live dashboard) and the {@code payment-confirmation} and
 *   {@code enrollment-confirmation} emails (seed 003 §3.2.1 variables) on billing's outbox, each email's dedupe key
 *   naming the payment, so neither is ever sent twice.</li>
 * </ol>
 */
final class Payments {
  static final String PAYMENT_EMAIL = "payment-confirmation", ENROLLMENT_EMAIL = "enrollment-confirmation";
  static final String EVENT = "payment.received";

  private final AuthClient auth;
  private final CatalogClient catalog;

  Payments(Vertx vertx, DeliveryOptions ask) {
    this.auth = new AuthClient(vertx, ask);
    this.catalog = new CatalogClient(vertx, ask);
  }

  /** A payment to record: method bank_transfer | gateway, amount in rupiah, the admin who confirmed a transfer. */
  record Paid(String method, long amount, String transactionId, OffsetDateTime paidAt, UUID recordedBy) {
  }

  /** Whom the emails go to: the student's account (null: auth no longer knows it, nobody is emailed). */
  record Payer(JsonObject account, String courseTitle, String language) {
  }

  /**
   * The student, course title and language of an invoice's emails, asked before the transaction (no row lock is held
   * while other verticles answer): the account from auth, the title from the catalog (the invoice's description when
   * the course is gone), and the invoice's language (its registration's, V26).
   */
  Future<Payer> payer(Row invoice) {
    String studentId = invoice.getUUID("student_id").toString(), courseId = invoice.getUUID("course_id").toString();
    Future<JsonObject> account = auth.userOrNull(studentId);
    Future<JsonObject> course = catalog.course(courseId).recover(e -> {
      ApiError error = ApiError.from(e);
      return error != null && error.status() == 404 ? Future.succeededFuture(null) : Future.failedFuture(e);
    });
    return Future.all(account, course).map(done -> new Payer(account.result(),
      course.result() == null ? invoice.getString("description") : course.result().getString("title"),
      invoice.getString("language")));
  }

  /**
   * Records {@code paid} for the locked {@code invoice} → the payment row, or null when the invoice was not payable
   * (already paid, cancelled, refunded): then nothing was written.
   */
  Future<Row> record(SqlConnection conn, Row invoice, Paid paid, Payer payer, String triggeredBy) {
    UUID invoiceId = invoice.getUUID("id");
    return conn.preparedQuery(PaymentSql.MARK_INVOICE_PAID).execute(Tuple.of(invoiceId, paid.paidAt())).compose(marked -> {
      if (marked.size() == 0) return Future.succeededFuture(null);
      return conn.preparedQuery(PaymentSql.INSERT_PAYMENT)
        .execute(Tuple.of(invoiceId, paid.method(), paid.amount(), paid.transactionId(), paid.paidAt(), paid.recordedBy()))
        .compose(rows -> {
          Row payment = rows.iterator().next();
          String paymentId = payment.getUUID("id").toString(), paidAt = Iso.of(payment.getOffsetDateTime("paid_at"));
          JsonObject event = new JsonObject().put("payment_id", paymentId).put("invoice_id", invoiceId.toString())
            .put("invoice_number", invoice.getString("number"))
            .put("enrollment_id", invoice.getUUID("enrollment_id").toString())
            .put("student_id", invoice.getUUID("student_id").toString())
            .put("course_id", invoice.getUUID("course_id").toString())
            .put("method", paid.method()).put("amount", paid.amount()).put("paid_at", paidAt);
          JsonObject markPaid = new JsonObject().put("enrollment_id", invoice.getUUID("enrollment_id").toString())
            .put("paid_at", paidAt);
          return conn.preparedQuery(PaymentSql.CLOSE_PENDING_PROOF).execute(Tuple.of(invoiceId))
            .compose(v -> Outbox.command(conn, PaymentSql.SCHEMA, EnrollmentClient.MARK_PAID, markPaid, triggeredBy))
            .compose(v -> Outbox.add(conn, PaymentSql.SCHEMA, EVENT, event, triggeredBy))
            .compose(v -> Outbox.emails(conn, PaymentSql.SCHEMA, emails(invoice, payment, payer), triggeredBy))
            .map(v -> payment);
        });
    });
  }

  /** The two emails of a payment (none when the student's account is gone). */
  private static List<JsonObject> emails(Row invoice, Row payment, Payer payer) {
    if (payer.account() == null) return List.of();
    String to = payer.account().getString("email"), name = payer.account().getString("full_name");
    String paymentId = payment.getUUID("id").toString(), paidAt = Iso.of(payment.getOffsetDateTime("paid_at"));
    JsonObject received = NotifyClient.email(PAYMENT_EMAIL, to, payer.language(), new JsonObject()
        .put("username", name).put("courseName", payer.courseTitle()).put("amount", payment.getLong("amount"))
        .put("transactionId", payment.getString("transaction_id") == null ? paymentId : payment.getString("transaction_id"))
        .put("date", paidAt))
      .put("dedupe_key", "billing.payment:" + paymentId + ":" + PAYMENT_EMAIL);
    JsonObject confirmed = NotifyClient.email(ENROLLMENT_EMAIL, to, payer.language(), new JsonObject()
        .put("username", name).put("courseName", payer.courseTitle()).put("packageName", invoice.getString("package_name"))
        .put("price", invoice.getLong("amount")).put("paymentId", paymentId).put("date", paidAt))
      .put("dedupe_key", "billing.payment:" + paymentId + ":" + ENROLLMENT_EMAIL);
    return List.of(received, confirmed);
  }
}
