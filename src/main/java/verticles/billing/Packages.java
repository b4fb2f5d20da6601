package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Reply;
import verticles.bus.Values;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Packages (issue 18, seed 003 Package service): what an academy sells — a price (rupiah) for one or more courses,
 * optionally a number of sessions and a validity in days. {@code {id, name, description, price, course_ids, sessions,
 * valid_days, is_active, created_at, updated_at}}.
 * <ul>
 *   <li>Reads are public: visitors, students and instructors see active packages only, admins every live one. Answers
 *   carry an {@code ETag} over their bytes with {@code Cache-Control: no-cache} and {@code Vary: Authorization}, so a
 *   client revalidates and gets 304 for what it holds.</li>
 *   <li>Writes are the admin's: PUT replaces the whole package (its course list too). DELETE is soft ({@code deleted_at}:
 *   invoices keep naming it) and refused (409 PACKAGE_IN_USE) while an unpaid or in-review invoice names it; the check
 *   holds the package row locked, and issuing an invoice reads the package {@code FOR SHARE}.</li>
 * </ul>
 * Unknown and deleted ids are 404 PACKAGE_NOT_FOUND; a course id that names no course is 400 naming {@code course_ids}.
 */
final class Packages {
  private final Pool db;

  Packages(Pool db) {
    this.db = db;
  }

  /** GET /api/packages. */
  Future<Reply> list(BusRequest req) {
    boolean admin = req.user() != null && req.user().is("admin");
    return db.preparedQuery(BillingSql.LIST_PACKAGES).execute(Tuple.of(!admin)).map(rows -> {
      JsonArray packages = new JsonArray();
      for (Row row : rows) packages.add(json(row));
      return cacheable(packages);
    });
  }

  /** GET /api/packages/{id}. */
  Future<Reply> get(BusRequest req) {
    boolean admin = req.user() != null && req.user().is("admin");
    return load(req.pathParam("id")).compose(row -> {
      JsonObject found = json(row);
      boolean visible = row.getOffsetDateTime("deleted_at") == null && (admin || found.getBoolean("is_active"));
      return visible ? Future.succeededFuture(cacheable(found)) : Future.failedFuture(notFound());
    });
  }

  /** An answer a client may keep and revalidate: ETag over its bytes. */
  private static Reply cacheable(Object data) {
    Buffer bytes = Buffer.buffer(data instanceof JsonArray a ? a.encode() : ((JsonObject) data).encode());
    return Reply.ok(bytes).withETag(etag(bytes)).withHeader("Cache-Control", "no-cache").withHeader("Vary", "Authorization");
  }

  private static String etag(Buffer bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.getBytes());
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POST /api/packages (admin). */
  Future<Reply> create(BusRequest req) {
    JsonObject body = req.body();
    return db.withTransaction(conn -> conn.preparedQuery(BillingSql.INSERT_PACKAGE).execute(fields(body))
        .compose(rows -> {
          UUID id = rows.iterator().next().getUUID("id");
          return conn.preparedQuery(BillingSql.SET_PACKAGE_COURSES).execute(Tuple.tuple().addUUID(id).addArrayOfUUID(courseIds(body))).map(id);
        }))
      .recover(Packages::unknownCourse)
      .compose(id -> load(id.toString()))
      .map(row -> Reply.created(json(row), "Package created"));
  }

  /** PUT /api/packages/{id} (admin): replaces the package. */
  Future<Reply> update(BusRequest req) {
    JsonObject body = req.body();
    UUID id = id(req.pathParam("id"));
    Tuple fields = fields(body), params = Tuple.tuple().addUUID(id);
    for (int i = 0; i < fields.size(); i++) params.addValue(fields.getValue(i));
    return db.withTransaction(conn -> conn.preparedQuery(BillingSql.UPDATE_PACKAGE).execute(params)
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound())
          : conn.preparedQuery(BillingSql.SET_PACKAGE_COURSES).execute(Tuple.tuple().addUUID(id).addArrayOfUUID(courseIds(body)))))
      .recover(Packages::unknownCourse)
      .compose(v -> load(id.toString()))
      .map(row -> Reply.ok(json(row), "Package updated"));
  }

  /** DELETE /api/packages/{id} (admin): soft delete, refused while an unpaid or in-review invoice names it. */
  Future<Reply> delete(BusRequest req) {
    UUID id = id(req.pathParam("id"));
    return db.withTransaction(conn -> conn.preparedQuery(BillingSql.LOCK_PACKAGE_FOR_DELETE).execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(notFound());
          if (rows.iterator().next().getBoolean("in_use")) {
            return Future.failedFuture(ErrorCode.PACKAGE_IN_USE.error("Unpaid invoices name this package; it cannot be deleted yet"));
          }
          return conn.preparedQuery(BillingSql.DELETE_PACKAGE).execute(Tuple.of(id));
        }))
      .map(v -> Reply.message("Package deleted"));
  }

  /** billing.internal.package {id} → the package (deleted ones with is_active false); 404 PACKAGE_NOT_FOUND. */
  Future<JsonObject> internal(JsonObject query) {
    return load(query.getString("id")).map(Packages::json);
  }

  private Future<Row> load(String id) {
    return db.preparedQuery(BillingSql.PACKAGE).execute(Tuple.of(id(id)))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  /** $name, $description, $price, $sessions, $valid_days, $is_active of a create or update body. */
  private static Tuple fields(JsonObject body) {
    return Tuple.tuple().addString(body.getString("name").trim()).addString(body.getString("description", "").trim())
      .addLong(body.getLong("price")).addInteger(body.getInteger("sessions")).addInteger(body.getInteger("valid_days"))
      .addBoolean(body.getBoolean("is_active", true));
  }

  private static UUID[] courseIds(JsonObject body) {
    Set<UUID> ids = new LinkedHashSet<>();
    body.getJsonArray("course_ids").forEach(v -> ids.add(UUID.fromString(v.toString())));
    return ids.toArray(new UUID[0]);
  }

  private static <T> Future<T> unknownCourse(Throwable failure) {
    if (failure instanceof PgException pg && "package_courses_course_id_fkey".equals(pg.getConstraint())) {
      return Future.failedFuture(ErrorCode.VALIDATION_ERROR.forField("course_ids", "must name existing courses"));
    }
    return Future.failedFuture(failure);
  }

  static JsonObject json(Row row) {
    UUID[] courses = row.getArrayOfUUIDs("course_ids");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("name", row.getString("name"))
      .put("description", row.getString("description"))
      .put("price", row.getLong("price"))
      .put("course_ids", new JsonArray(List.of(courses).stream().map(UUID::toString).toList()))
      .put("sessions", row.getInteger("sessions"))
      .put("valid_days", row.getInteger("valid_days"))
      .put("is_active", row.getBoolean("is_active"))
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(row.getOffsetDateTime("updated_at")));
  }

  private static UUID id(String value) {
    UUID id = Values.uuidOrNull(value);
    if (id == null) throw notFound();
    return id;
  }

  private static ApiError notFound() {
    return ErrorCode.PACKAGE_NOT_FOUND.error("Package not found");
  }
}
