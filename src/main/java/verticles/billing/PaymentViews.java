package verticles.billing;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.Iso;

import java.util.UUID;

/** The JSON of payments, transfer proofs and an invoice's payment state (contract schemas of the {@code payments} tag). */
final class PaymentViews {
  private PaymentViews() {
  }

  /** An invoice row of {@link PaymentSql#INVOICE} → {id, number, status, amount (rupiah), paid_at}. */
  static JsonObject invoice(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("number", row.getString("number"))
      .put("status", row.getString("status")).put("amount", row.getLong("amount"))
      .put("paid_at", Iso.of(row.getOffsetDateTime("paid_at")));
  }

  /** {@link #invoice} with another status (and paid_at) than the row read before the change. */
  static JsonObject invoice(Row row, String status, java.time.OffsetDateTime paidAt) {
    return invoice(row).put("status", status).put("paid_at", Iso.of(paidAt));
  }

  static JsonObject proof(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("invoice_id", row.getUUID("invoice_id").toString())
      .put("proof_url", row.getString("proof_url")).put("payer_name", row.getString("payer_name"))
      .put("bank", row.getString("bank")).put("paid_at", Iso.of(row.getOffsetDateTime("paid_at")))
      .put("amount", row.getLong("amount")).put("status", row.getString("status")).put("reason", row.getString("reason"))
      .put("reviewed_by", text(row.getUUID("reviewed_by")))
      .put("reviewed_at", Iso.of(row.getOffsetDateTime("reviewed_at")))
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")));
  }

  /** A row of {@link PaymentSql#PAYMENT} or the list → the contract's Payment ({@code student} is added by the caller). */
  static JsonObject payment(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString())
      .put("invoice_id", row.getUUID("invoice_id").toString()).put("invoice_number", row.getString("invoice_number"))
      .put("enrollment_id", row.getUUID("enrollment_id").toString())
      .put("student_id", row.getUUID("student_id").toString()).putNull("student")
      .put("course_id", row.getUUID("course_id").toString()).put("method", row.getString("method"))
      .put("amount", row.getLong("amount")).put("transaction_id", row.getString("transaction_id"))
      .put("paid_at", Iso.of(row.getOffsetDateTime("paid_at"))).put("recorded_by", text(row.getUUID("recorded_by")))
      .put("refunded", row.getBoolean("refunded"));
  }

  /** The student as a payment shows them: {id, full_name, email} of an account of auth ({@code AuthClient.users}). */
  static JsonObject student(JsonObject account) {
    return account == null ? null : new JsonObject().put("id", account.getString("id"))
      .put("full_name", account.getString("full_name")).put("email", account.getString("email"));
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }
}
