package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BillingClient;
import verticles.bus.Iso;
import verticles.bus.NotifyClient;
import verticles.bus.Outbox;

import java.util.UUID;

/**
 * Issuing and cancelling invoices (issue 18), the two commands enrollment hands over after commit
 * ({@link BillingClient#ISSUE_INVOICE}, {@link BillingClient#CANCEL_INVOICE}). Both are idempotent and take a transaction
 * lock on the enrollment first, so a repeated, late or reordered hand-over changes nothing twice:
 * <ul>
 *   <li>issue: nothing when the enrollment has an invoice (UNIQUE {@code enrollment_id}) or billing knows it cancelled;
 *   the amount is the package's price when the registration chose one (its {@code sessions}), else the course's
 *   {@code price_per_session × sessions} (the approval's, else {@code billing.default_sessions}); zero → no invoice
 *   (free courses). Number {@code INV-YYYY-MM-NNNN}, gap-free per academy month ({@link BillingSql#ISSUE}), due in
 *   {@code billing.due_days}. The {@code invoice.issued} event and the {@code invoice-issued} email commit with it.</li>
 *   <li>cancel: the unpaid invoice becomes {@code cancelled} ({@code invoice.cancelled}); an invoice in review, paid or
 *   closed stays as it is (payments decide those); the enrollment is remembered as closed, so an issue arriving later
 *   issues nothing.</li>
 * </ul>
 */
final class InvoiceIssue {
  static final String ISSUED_TEMPLATE = "invoice-issued";

  private final Pool db;
  private final Outbox outbox;
  private final String timezone;
  private final int defaultSessions, dueDays;

  InvoiceIssue(Pool db, Outbox outbox, String timezone, int defaultSessions, int dueDays) {
    this.db = db;
    this.outbox = outbox;
    this.timezone = timezone;
    this.defaultSessions = defaultSessions;
    this.dueDays = dueDays;
  }

  /** {@link BillingClient#ISSUE_INVOICE}. */
  Future<JsonObject> issue(JsonObject command) {
    UUID enrollment = UUID.fromString(command.getString("enrollment_id"));
    return db.withTransaction(conn -> conn.preparedQuery(BillingSql.LOCK_ENROLLMENT).execute(Tuple.of(enrollment.toString()))
        .compose(v -> conn.preparedQuery(BillingSql.ISSUED_OR_CLOSED).execute(Tuple.of(enrollment)))
        .compose(rows -> {
          Row state = rows.iterator().next();
          if (state.getBoolean("issued")) return Future.succeededFuture(notIssued("exists"));
          if (state.getBoolean("closed")) return Future.succeededFuture(notIssued("closed"));
          return priced(conn, command).compose(price -> price.amount() <= 0 ? Future.succeededFuture(notIssued("free"))
            : insert(conn, enrollment, command, price));
        }))
      .recover(e -> {
        // a twin hand-over that slipped past the check (it cannot while both take the lock, but the key decides)
        if (e instanceof PgException pg && "invoices_enrollment_id_key".equals(pg.getConstraint())) {
          return Future.succeededFuture(notIssued("exists"));
        }
        return Future.failedFuture(e);
      })
      .onSuccess(answer -> {
        if (answer.getBoolean("issued")) outbox.flush();
      });
  }

  private static JsonObject notIssued(String reason) {
    return new JsonObject().put("issued", false).put("reason", reason);
  }

  /** What the invoice charges: amount (rupiah), sessions (null: the package names none), description. */
  private record Price(long amount, Integer sessions, String description) {
  }

  private Future<Price> priced(SqlConnection conn, JsonObject command) {
    String title = command.getString("course_title");
    String packageId = command.getString("package_id");
    if (packageId != null) {
      return conn.preparedQuery(BillingSql.PACKAGE_FOR_INVOICE).execute(Tuple.of(UUID.fromString(packageId))).map(rows -> {
        Row row = rows.iterator().next(); // the registration named it: it exists (soft delete only)
        return new Price(row.getLong("price"), row.getInteger("sessions"), row.getString("name") + " — " + title);
      });
    }
    int sessions = command.getInteger("sessions") == null ? defaultSessions : command.getInteger("sessions");
    long perSession = command.getLong("price_per_session", 0L);
    return Future.succeededFuture(new Price(Math.multiplyExact(perSession, (long) sessions), sessions,
      title + " — " + sessions + " sesi × " + Money.rupiah(perSession)));
  }

  private Future<JsonObject> insert(SqlConnection conn, UUID enrollment, JsonObject command, Price price) {
    String language = "en".equals(command.getString("language")) ? "en" : "id";
    String packageId = command.getString("package_id");
    Tuple params = Tuple.tuple().addString(timezone).addUUID(enrollment)
      .addUUID(UUID.fromString(command.getString("student_id"))).addUUID(UUID.fromString(command.getString("course_id")))
      .addUUID(packageId == null ? null : UUID.fromString(packageId)).addInteger(price.sessions())
      .addString(price.description()).addLong(price.amount()).addInteger(dueDays).addString(language);
    return conn.preparedQuery(BillingSql.ISSUE).execute(params).compose(rows -> {
      Row row = rows.iterator().next();
      String id = row.getUUID("id").toString(), number = row.getString("number");
      JsonObject event = new JsonObject().put("invoice_id", id).put("number", number)
        .put("enrollment_id", enrollment.toString()).put("student_id", command.getString("student_id"))
        .put("course_id", command.getString("course_id")).put("package_id", packageId)
        .put("amount", price.amount()).put("due_at", Iso.of(row.getOffsetDateTime("due_at")));
      JsonObject email = NotifyClient.email(ISSUED_TEMPLATE, command.getString("email"), language, new JsonObject()
        .put("name", command.getString("full_name")).put("number", number).put("description", price.description())
        .put("amount", price.amount()).put("due_at", Iso.of(row.getOffsetDateTime("due_at"))));
      Future<Void> mailed = command.getString("email") == null ? Future.succeededFuture()
        : Outbox.email(conn, "billing", email, null);
      return Outbox.add(conn, "billing", "invoice.issued", event, null).compose(v -> mailed)
        .map(v -> new JsonObject().put("issued", true).put("invoice_id", id).put("number", number));
    });
  }

  /** {@link BillingClient#CANCEL_INVOICE}. */
  Future<JsonObject> cancel(JsonObject command) {
    UUID enrollment = UUID.fromString(command.getString("enrollment_id"));
    return db.withTransaction(conn -> conn.preparedQuery(BillingSql.LOCK_ENROLLMENT).execute(Tuple.of(enrollment.toString()))
        .compose(v -> conn.preparedQuery(BillingSql.CLOSE_ENROLLMENT).execute(Tuple.of(enrollment)))
        .compose(v -> conn.preparedQuery(BillingSql.CANCEL_UNPAID).execute(Tuple.of(enrollment)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(new JsonObject().put("cancelled", false));
          Row row = rows.iterator().next();
          JsonObject event = new JsonObject().put("invoice_id", row.getUUID("id").toString()).put("number", row.getString("number"))
            .put("enrollment_id", enrollment.toString()).put("student_id", row.getUUID("student_id").toString())
            .put("course_id", row.getUUID("course_id").toString());
          return Outbox.add(conn, "billing", "invoice.cancelled", event, null)
            .map(v -> new JsonObject().put("cancelled", true));
        }))
      .onSuccess(answer -> {
        if (answer.getBoolean("cancelled")) outbox.flush();
      });
  }
}
