package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.bus.AuthClient;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Page;
import verticles.bus.Reply;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * GET /api/payments (admins): who paid what — the staff's view of the money received, newest first, each payment with
 * its invoice number, enrollment, course and the student's account ({@code auth.internal.getUsers}, one ask per page).
 */
final class PaymentList {
  private final Pool db;
  private final AuthClient auth;
  private final ZoneId zone;

  PaymentList(Pool db, AuthClient auth, ZoneId zone) {
    this.db = db;
    this.auth = auth;
    this.zone = zone;
  }

  /**
   * Filters {@code method}, {@code student_id}, {@code course_id}, {@code from}/{@code to} (academy-zone dates,
   * inclusive, on paid_at) → {payments, totals {count, amount (rupiah)} of the matching payments of invoices not
   * refunded, pagination}. {@code from} after {@code to} → 400 naming {@code from}.
   */
  Future<Reply> list(BusRequest req) {
    JsonObject q = req.query();
    LocalDate from, to;
    try {
      from = date(q, "from");
      to = date(q, "to");
    } catch (verticles.bus.ApiError e) {
      return Future.failedFuture(e);
    }
    if (from != null && to != null && from.isAfter(to)) {
      return Future.failedFuture(ErrorCode.VALIDATION_ERROR.forField("from", "must not be after 'to'"));
    }
    OffsetDateTime start = from == null ? null : from.atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime end = to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
    Tuple filters = Tuple.tuple().addString(q.getString("method")).addUUID(uuid(q, "student_id"))
      .addUUID(uuid(q, "course_id")).addOffsetDateTime(start).addOffsetDateTime(end);
    Page page = Page.of(req);
    Tuple paged = Tuple.tuple();
    for (int i = 0; i < filters.size(); i++) paged.addValue(filters.getValue(i));
    paged.addInteger(page.limit()).addLong(page.offset());
    Future<RowSet<Row>> rows = db.preparedQuery(PaymentSql.PAYMENTS_PAGE).execute(paged);
    Future<RowSet<Row>> totals = db.preparedQuery(PaymentSql.PAYMENTS_TOTALS).execute(filters);
    return Future.all(rows, totals).compose(done -> {
      Set<String> students = new LinkedHashSet<>();
      for (Row row : rows.result()) students.add(row.getUUID("student_id").toString());
      return auth.users(students).map(accounts -> answer(rows.result(), totals.result().iterator().next(), accounts, page));
    });
  }

  private static Reply answer(RowSet<Row> rows, Row totals, Map<String, JsonObject> accounts, Page page) {
    JsonArray payments = new JsonArray();
    for (Row row : rows) {
      JsonObject payment = PaymentViews.payment(row);
      payments.add(payment.put("student", PaymentViews.student(accounts.get(payment.getString("student_id")))));
    }
    return Reply.ok(new JsonObject().put("payments", payments)
      .put("totals", new JsonObject().put("count", totals.getLong("counted")).put("amount", totals.getLong("amount")))
      .put("pagination", page.pagination(totals.getLong("total"))));
  }

  /** A date of the query (the contract's {@code format: date} lets 2025-02-30 through): else 400 naming it. */
  private static LocalDate date(JsonObject query, String name) {
    String text = query.getString(name);
    if (text == null) return null;
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw ErrorCode.VALIDATION_INVALID_DATE.forField(name, "must be a date (YYYY-MM-DD)");
    }
  }

  private static UUID uuid(JsonObject query, String name) {
    return query.getString(name) == null ? null : UUID.fromString(query.getString(name));
  }
}
