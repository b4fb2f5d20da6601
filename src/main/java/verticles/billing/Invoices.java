package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.AuthClient;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.CatalogClient;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.LocalTimes;
import verticles.bus.Values;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reading invoices (issue 18): the student's own ({@code GET /api/invoices/me}), the admin's list with filters, one
 * invoice for its student or an admin — anyone else gets the same 404 as an unknown id. The JSON:
 * {@code {id, number, enrollment_id, student_id, student_name?, course_id, course_title?, package_id, package_name,
 * sessions, description, amount (rupiah), status, issued_at, due_at, paid_at, closed_at}} (UTC ISO-8601). Names come
 * from auth and the catalog (one call each per page); when they cannot answer the names are left out, never guessed.
 */
final class Invoices {
  private final Pool db;
  private final AuthClient auth;
  private final CatalogClient catalog;
  private final LocalTimes times;

  Invoices(Vertx vertx, Pool db, LocalTimes times, DeliveryOptions ask) {
    this.db = db;
    this.times = times;
    this.auth = new AuthClient(vertx, ask);
    this.catalog = new CatalogClient(vertx, ask);
  }

  /** GET /api/invoices/me (students). */
  Future<Reply> mine(BusRequest req) {
    return page(req, req.user().id(), null, null, null);
  }

  /** GET /api/invoices (admin): filters status, student_id, course_id, from, to (issue time, inclusive). */
  Future<Reply> list(BusRequest req) {
    JsonObject q = req.query();
    OffsetDateTime from = q.getString("from") == null ? null : instant("from", q.getString("from"), false);
    OffsetDateTime to = q.getString("to") == null ? null : instant("to", q.getString("to"), true);
    return page(req, q.getString("student_id"), q.getString("course_id"), from, to);
  }

  /**
   * A bound of the issue time: a date is a day of the academy's zone (from its first instant; {@code to}: until the
   * next day's), a date-time is that instant ({@code to} inclusive) — without an offset, in the academy's zone, as
   * every date-time the API reads ({@link LocalTimes#instant}). Anything else → 400 {@code VALIDATION_INVALID_DATE}
   * naming the field.
   */
  private OffsetDateTime instant(String field, String value, boolean upper) {
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (upper ? day.plusDays(1) : day).atStartOfDay(times.zone()).toOffsetDateTime();
      }
      OffsetDateTime at = times.instant(value).atOffset(ZoneOffset.UTC);
      return upper ? at.plus(1, ChronoUnit.MICROS) : at;
    } catch (DateTimeException e) {
      throw ErrorCode.VALIDATION_INVALID_DATE.forField(field,
        "must be an ISO-8601 date (academy day) or date-time, e.g. 2025-05-15, 2025-05-15T01:00:00 (academy time) or 2025-05-14T18:00:00Z");
    }
  }

  private Future<Reply> page(BusRequest req, String studentId, String courseId, OffsetDateTime from, OffsetDateTime to) {
    Page page = Page.of(req);
    Tuple params = Tuple.tuple().addString(req.query().getString("status")).addUUID(Values.uuidOrNull(studentId))
      .addUUID(Values.uuidOrNull(courseId)).addOffsetDateTime(from).addOffsetDateTime(to)
      .addInteger(page.limit()).addLong(page.offset());
    return db.preparedQuery(BillingSql.LIST_INVOICES).execute(params).compose(rows -> {
      long total = 0;
      List<Row> found = new ArrayList<>();
      for (Row row : rows) {
        total = row.getLong("total");
        if (row.getUUID("id") != null) found.add(row);
      }
      long all = total;
      return render(found).map(invoices -> Reply.ok(new JsonObject().put("invoices", invoices)
        .put("pagination", page.pagination(all))));
    });
  }

  /** GET /api/invoices/{id}: its student or an admin; anyone else the same 404 as an unknown id. */
  Future<Reply> get(BusRequest req) {
    return visible(req.user(), req.pathParam("id")).compose(row -> render(List.of(row)))
      .map(list -> Reply.ok(list.getJsonObject(0)));
  }

  /** The invoice row when the caller may see it (its student, an admin); else 404 INVOICE_NOT_FOUND. */
  Future<Row> visible(Caller caller, String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(notFound());
    return db.preparedQuery(BillingSql.INVOICE).execute(Tuple.of(uuid)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(notFound());
      Row row = rows.iterator().next();
      boolean mayRead = caller.is("admin") || caller.id().equals(row.getUUID("student_id").toString());
      return mayRead ? Future.succeededFuture(row) : Future.failedFuture(notFound());
    });
  }

  /** Invoices as the API shows them, with the students' names and the courses' titles when auth and catalog answer. */
  Future<JsonArray> render(List<Row> rows) {
    if (rows.isEmpty()) return Future.succeededFuture(new JsonArray());
    Set<String> students = new LinkedHashSet<>(), courses = new LinkedHashSet<>();
    for (Row row : rows) {
      students.add(row.getUUID("student_id").toString());
      courses.add(row.getUUID("course_id").toString());
    }
    Future<Map<String, JsonObject>> names = auth.users(students).otherwise((Map<String, JsonObject>) null);
    Future<Map<String, JsonObject>> titles = catalog.courses(courses).otherwise((Map<String, JsonObject>) null);
    return Future.join(names, titles).transform(done -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) {
        JsonObject invoice = json(row);
        if (names.result() != null) {
          JsonObject user = names.result().get(invoice.getString("student_id"));
          invoice.put("student_name", user == null ? null : user.getString("full_name"));
        }
        if (titles.result() != null) {
          JsonObject course = titles.result().get(invoice.getString("course_id"));
          invoice.put("course_title", course == null ? null : course.getString("title"));
        }
        out.add(invoice);
      }
      return Future.succeededFuture(out);
    });
  }

  static JsonObject json(Row row) {
    UUID pkg = row.getUUID("package_id");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("number", row.getString("number"))
      .put("enrollment_id", row.getUUID("enrollment_id").toString())
      .put("student_id", row.getUUID("student_id").toString())
      .put("course_id", row.getUUID("course_id").toString())
      .put("package_id", pkg == null ? null : pkg.toString())
      .put("package_name", row.getString("package_name"))
      .put("sessions", row.getInteger("sessions"))
      .put("description", row.getString("description"))
      .put("amount", row.getLong("amount"))
      .put("status", row.getString("status"))
      .put("issued_at", Iso.of(row.getOffsetDateTime("issued_at")))
      .put("due_at", Iso.of(row.getOffsetDateTime("due_at")))
      .put("paid_at", Iso.of(row.getOffsetDateTime("paid_at")))
      .put("closed_at", Iso.of(row.getOffsetDateTime("closed_at")));
  }

  static ApiError notFound() {
    return ErrorCode.INVOICE_NOT_FOUND.error("Invoice not found");
  }
}
