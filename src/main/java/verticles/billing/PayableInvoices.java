package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Values;

import java.util.UUID;

/**
 * Who may take a payment step on an invoice, and the errors of its state — one place for the transfer and gateway
 * operations. An invoice of another student is 404 exactly like an unknown one (an owner's operation never says which
 * invoices exist).
 */
final class PayableInvoices {
  private PayableInvoices() {
  }

  /** The invoice row ({@link PaymentSql#INVOICE} or, in a transaction, {@link PaymentSql#LOCK_INVOICE}), or 404. */
  static Future<Row> load(SqlClient client, String sql, String id) {
    UUID invoiceId = Values.uuidOrNull(id);
    if (invoiceId == null) return Future.failedFuture(notFound());
    return client.preparedQuery(sql).execute(Tuple.of(invoiceId))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  /** {@link #load} for the invoice's own student (anyone else: 404), or any admin when {@code adminsToo}. */
  static Future<Row> forCaller(SqlClient client, String sql, String id, Caller caller, boolean adminsToo) {
    return load(client, sql, id).compose(row -> (adminsToo && caller.is("admin")) || isOwner(row, caller)
      ? Future.succeededFuture(row) : Future.failedFuture(notFound()));
  }

  private static boolean isOwner(Row invoice, Caller caller) {
    return invoice.getUUID("student_id").toString().equals(caller.id());
  }

  static ApiError notFound() {
    return ErrorCode.INVOICE_NOT_FOUND.error("Invoice not found");
  }

  /** 409 {@code INVOICE_NOT_PAYABLE} naming the invoice's status. */
  static ApiError notPayable(Row invoice, String why) {
    return ErrorCode.INVOICE_NOT_PAYABLE.error(why, new JsonObject().put("status", invoice.getString("status")));
  }

  /** 409 unless the invoice is {@code unpaid} (a proof under review: {@code PAYMENT_PROOF_PENDING}). */
  static Future<Row> requireUnpaid(Row invoice) {
    return switch (invoice.getString("status")) {
      case "unpaid" -> Future.succeededFuture(invoice);
      case "pending_review" -> Future.failedFuture(proofPending());
      default -> Future.failedFuture(notPayable(invoice, "This invoice is " + invoice.getString("status") + " and cannot be paid"));
    };
  }

  static ApiError proofPending() {
    return ErrorCode.PAYMENT_PROOF_PENDING.error("A transfer proof of this invoice is already waiting for review",
      new JsonObject().put("status", "pending_review"));
  }

  /** 422 {@code PAYMENT_AMOUNT_MISMATCH} with the invoice's amount. */
  static ApiError amountMismatch(long expected) {
    return ErrorCode.PAYMENT_AMOUNT_MISMATCH.error("The amount must be the invoice's: " + expected + " rupiah",
      new JsonObject().put("expected", expected));
  }
}
