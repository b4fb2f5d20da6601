package verticles.enrollment;

import verticles.bus.Outbox;

import verticles.bus.SchedulingClient;
import verticles.bus.CatalogClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.AuthClient;
import verticles.bus.BillingClient;
import verticles.bus.CacheVersions;
import verticles.bus.CoursePolicy;
import verticles.bus.Emails;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reading and deciding registrations (seed §5.2–5.9 and the booking document): lists with object-level
 * scope, approval within capacity (one conditional UPDATE on the course's seat row), rejection,
 * cancellation, expiry. Each decision commits together with its event and its email to the applicant (outbox;
 * {@link Notifications}): approved (with the chosen class), rejected (with the admin's reason), cancelled (by whom;
 * also a pending registration an admin deletes, and expiry).
 */
final class Enrollments {

  private final Vertx vertx;
  private final Pool db;
  private final Outbox outbox;
  private final String timezone;
  private final CatalogClient catalog;
  private final SchedulingClient scheduling;
  private final AuthClient auth;
  private final CoursePolicy policy;
  private final Notifications notifications;

  Enrollments(Vertx vertx, Pool db, Outbox outbox, Notifications notifications, String timezone, DeliveryOptions ask) {
    this.vertx = vertx;
    this.db = db;
    this.outbox = outbox;
    this.notifications = notifications;
    this.timezone = timezone;
    this.catalog = new CatalogClient(vertx, ask);
    this.scheduling = new SchedulingClient(vertx, ask);
    this.auth = new AuthClient(vertx, ask);
    this.policy = new CoursePolicy(catalog);
  }

  // --- lists ------------------------------------------------------------------------------------

  /** Admins: all; instructors: their courses' registrations only. Filters status, course_id, student_id. */
  Future<Reply> list(BusRequest req) {
    Caller caller = req.user();
    JsonObject q = req.query();
    Future<Scope> scope = scopeOf(caller);
    return scope.compose(s -> page(req, q.getString("status"), q.getString("course_id"), q.getString("student_id"), s));
  }

  /** GET /api/booking/pending: the admin's queue. */
  Future<Reply> pending(BusRequest req) {
    return page(req, "pending", null, null, Scope.ALL);
  }

  /** The caller's own registrations. */
  Future<Reply> mine(BusRequest req) {
    return page(req, req.query().getString("status"), null, req.user().id(), Scope.ALL);
  }

  /** GET /api/bookings/user/{userId}: the user themself or an admin. */
  Future<Reply> ofUser(BusRequest req) {
    Caller caller = req.user();
    String userId = req.pathParam("userId");
    if (!caller.is("admin") && !caller.id().equals(userId)) {
      return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only see your own bookings"));
    }
    return page(req, req.query().getString("status"), null, userId, Scope.ALL);
  }

  private Future<Reply> page(BusRequest req, String status, String courseId, String studentId, Scope scope) {
    Page page = Page.of(req);
    Tuple params = Tuple.tuple().addString(status).addUUID(uuid(courseId)).addUUID(uuid(studentId))
      .addArrayOfUUID(scope.courses).addInteger(page.limit()).addLong(page.offset());
    return db.preparedQuery(EnrollmentSql.LIST).execute(params).compose(rows -> {
      long total = 0;
      List<Row> found = new ArrayList<>();
      for (Row row : rows) {
        total = row.getLong("total");
        if (row.getValue("id") != null) found.add(row);
      }
      long count = total;
      return render(found).map(list -> Reply.ok(new JsonObject().put("enrollments", list)
        .put("pagination", page.pagination(count))));
    });
  }

  // --- one registration -------------------------------------------------------------------------

  /** The owner, the course's instructor or an admin; anyone else gets the same 404 as a missing id. */
  Future<Reply> get(BusRequest req) {
    return visible(req.user(), req.pathParam("id")).compose(row -> render(List.of(row))).map(list -> Reply.ok(list.getValue(0)));
  }

  private Future<Row> visible(Caller caller, String id) {
    return load(id).compose(row -> {
      if (caller.is("admin") || isStudent(caller, row)) return Future.succeededFuture(row);
      if (!caller.is("instructor")) return Future.failedFuture(notFound());
      return scopeOf(caller).compose(scope -> scope.covers(row) ? Future.succeededFuture(row)
        : Future.failedFuture(notFound()));
    });
  }

  /**
   * After a committed change to who holds a seat or class: publishes the events and tells the scheduling
   * verticles' upcoming-classes caches at once (before the answer leaves), so the next course detail counts right.
   */
  void changedSeats() {
    outbox.flush();
    CacheVersions.publish(vertx, CacheVersions.SCHEDULES, null);
  }

  /** Whether the caller is the account the registration belongs to (public ones belong to none until approved). */
  private static boolean isStudent(Caller caller, Row row) {
    UUID student = row.getUUID("student_id");
    return student != null && caller.id().equals(student.toString());
  }

  private Future<Row> load(String id) {
    UUID uuid = uuid(id);
    return db.preparedQuery(EnrollmentSql.BY_ID).execute(Tuple.of(uuid))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  /**
   * Public status check (seed §3.1): the one registration identified by its number and access code (given to
   * the applicant in the 201 answer), when the email matches too. Any mismatch is the same 404; the answer
   * never lists other registrations of the email. The router limits it per email ({@code x-rate-limit}).
   */
  Future<Reply> check(BusRequest req) {
    JsonObject q = req.query();
    Tuple key = Tuple.of(q.getString("registration_number").trim(), Buffer.buffer(AccessCodes.hash(q.getString("access_code"))),
      Emails.canonical(q.getString("email")));
    return db.preparedQuery(EnrollmentSql.CHECK).execute(key).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ErrorCode.ENROLLMENT_NOT_FOUND.error("No registration matches this email, number and access code"));
      }
      Row row = rows.iterator().next();
      return course(row.getUUID("course_id").toString()).otherwise(new JsonObject()).map(course -> {
        LocalDate start = row.getLocalDate("start_date_target");
        JsonObject enrollment = new JsonObject()
          .put("registration_number", row.getString("registration_number"))
          .put("course_title", course.getString("title"))
          .put("status", row.getString("status"))
          .put("registration_date", row.getOffsetDateTime("registration_date").toLocalDate().toString())
          .put("start_date", start == null ? null : start.toString());
        return Reply.ok(new JsonObject().put("full_name", row.getString("full_name"))
          .put("email", row.getString("email")).put("enrollments", new JsonArray().add(enrollment)));
      });
    });
  }

  // --- decisions --------------------------------------------------------------------------------

  /**
   * pending → approved, taking a seat of the course (never more than max_students, also under concurrent
   * approvals) and optionally placing the student on a schedule of the course; emails enrollment-approved with
   * that class's start, end, room and instructor.
   */
  Future<Reply> approve(BusRequest req) {
    String id = req.pathParam("id");
    String scheduleId = req.body().getString("schedule_id");
    return load(id).compose(row -> course(row.getUUID("course_id").toString())
        .compose(course -> placement(scheduling, scheduleId, course).compose(schedule -> approvable(row, course)
          .compose(v -> student(row, req.user().id()))
          .compose(student -> decide(id, "pending", "approved", req.user().id(),
              (conn, locked) -> takeSeatAndApprove(conn, locked.getUUID("id"), course, scheduleId, req.user().id(),
                student.getString("id"))
                .compose(approved -> Invoicing.issue(conn, locked.getUUID("id"), student.getString("id"), course,
                  locked.getUUID("package_id"), req.body().getInteger("sessions"), locked.getString("email"),
                  locked.getString("full_name"), locked.getString("language"), locked.getString("registration_number"),
                  req.user().id()).map(approved)),
              locked -> notifications.approved(Notifications.Recipient.of(locked), locked.getString("registration_number"),
                course, schedule))
            .map(data -> data.put("student", student))))))
      .recover(Registrations::constraintError)
      .map(data -> Reply.ok(data, "Enrollment approved successfully"));
  }

  /**
   * What would make the approval fail, checked before a public registration's account is looked up or created (so a
   * refused approval creates no account): the state and a free seat. The transaction checks both again.
   */
  private Future<Void> approvable(Row row, JsonObject course) {
    if (!"pending".equals(row.getString("status"))) {
      return Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_STATUS.error("A " + row.getString("status")
        + " enrollment cannot become approved", new JsonObject().put("status", row.getString("status"))));
    }
    int max = course.getInteger("max_students");
    return db.preparedQuery(EnrollmentSql.SEATS_TAKEN).execute(Tuple.of(row.getUUID("course_id")))
      .compose(rows -> rows.iterator().next().getLong("taken") < max ? Future.succeededFuture()
        : Future.failedFuture(ErrorCode.ENROLLMENT_COURSE_FULL.error("The course is full (" + max + " students)",
          new JsonObject().put("max_students", max))));
  }



  /**
   * The account the approval places: the registration's own, or for a public registration the student account
   * of its email, created from the registration when there is none (the admin's decision is the proof that
   * links them; an existing account is never modified). A staff email → 409 AUTH_EMAIL_ALREADY_EXISTS. An account
   * created now gets its set-password link from auth in the registration's language (issue 16).
   */
  private Future<JsonObject> student(Row row, String approvedBy) {
    UUID linked = row.getUUID("student_id");
    if (linked != null) return Future.succeededFuture(new JsonObject().put("id", linked.toString()).put("account", "own"));
    JsonObject applicant = new JsonObject().put("email", row.getString("email")).put("full_name", row.getString("full_name"))
      .put("wa_number", row.getString("wa_number")).put("guardian", row.getValue("guardian"))
      .put("language", row.getString("language")).put("approved_by", approvedBy);
    return auth.findOrCreateStudent(applicant).map(found -> new JsonObject().put("id", found.getString("id"))
      .put("account", found.getBoolean("created", false) ? "created" : "existing"));
  }

  /** Takes one of the course's seats (none left → ENROLLMENT_COURSE_FULL) and marks the enrollment approved. */
  static Future<RowSet<Row>> takeSeatAndApprove(SqlConnection conn, UUID enrollment, JsonObject course, String scheduleId,
                                                String by, String studentId) {
    int max = course.getInteger("max_students");
    return conn.preparedQuery(EnrollmentSql.TAKE_SEAT).execute(Tuple.of(UUID.fromString(course.getString("id")), max))
      .compose(seat -> seat.size() == 0
        ? Future.failedFuture(ErrorCode.ENROLLMENT_COURSE_FULL.error("The course is full (" + max + " students)",
          new JsonObject().put("max_students", max)))
        : conn.preparedQuery(EnrollmentSql.APPROVE).execute(Tuple.of(enrollment, uuid(scheduleId), UUID.fromString(by),
          UUID.fromString(studentId))));
  }

  /** pending → rejected, with an optional reason (also in the enrollment-rejected email, as the admin wrote it). */
  Future<Reply> reject(BusRequest req) {
    String id = req.pathParam("id");
    String reason = req.body().getString("reason");
    return load(id).compose(row -> course(row.getUUID("course_id").toString()))
      .compose(course -> decide(id, "pending", "rejected", req.user().id(), (conn, row) ->
          conn.preparedQuery(EnrollmentSql.REJECT).execute(Tuple.of(row.getUUID("id"), reason, UUID.fromString(req.user().id()))),
        locked -> notifications.decided(Notifications.REJECTED, Notifications.Recipient.of(locked),
          locked.getString("registration_number"), course, reason)))
      .map(data -> Reply.ok(data, "Enrollment rejected"));
  }

  /**
   * pending or approved → cancelled, by the owner or an admin; an approved one gives its seat back. The
   * enrollment-cancelled email says who cancelled (at the student's request, or by the academy).
   */
  Future<Reply> cancel(BusRequest req) {
    Caller caller = req.user();
    String id = req.pathParam("id");
    return visible(caller, id).compose(row -> {
      if (!caller.is("admin") && !isStudent(caller, row)) {
        return Future.failedFuture(ErrorCode.ENROLLMENT_UNAUTHORIZED.error("Only the student or an admin can cancel"));
      }
      String why = isStudent(caller, row) ? "cancelled.by_student" : "cancelled.by_academy";
      return course(row.getUUID("course_id").toString()).compose(course -> decide(id, null, "cancelled", caller.id(), (conn, locked) -> {
          // an approved one gives its seat back, and billing cancels its unpaid invoice (after commit)
          Future<?> freed = locked.getString("status").equals("approved")
            ? conn.preparedQuery(EnrollmentSql.FREE_SEAT).execute(Tuple.of(locked.getUUID("course_id")))
              .compose(v -> Invoicing.cancel(conn, locked.getUUID("id"), caller.id()))
            : Future.succeededFuture();
          return freed.compose(v -> conn.preparedQuery(EnrollmentSql.CANCEL).execute(Tuple.of(locked.getUUID("id"))));
        },
        locked -> cancelled(locked, course, why)));
    }).map(data -> Reply.ok(data, "Enrollment cancelled successfully"));
  }

  /** The enrollment-cancelled email of a registration row, with the text {@code why} in the applicant's language. */
  private JsonObject cancelled(Row row, JsonObject course, String why, Object... arguments) {
    Notifications.Recipient to = Notifications.Recipient.of(row);
    return notifications.decided(Notifications.CANCELLED, to, row.getString("registration_number"), course,
      Notifications.text(why, to.language(), arguments));
  }

  private interface Change {
    Future<RowSet<Row>> apply(SqlConnection conn, Row locked);
  }

  /**
   * Locks the registration, checks the state machine (from = null: pending or approved), applies the
   * change and records its event and the applicant's email ({@code email} of the locked row), all in one
   * transaction; publishes and hands the email over after commit.
   */
  private Future<JsonObject> decide(String id, String from, String to, String by, Change change,
                                    java.util.function.Function<Row, JsonObject> email) {
    UUID uuid = uuid(id);
    return db.withTransaction(conn -> conn.preparedQuery(EnrollmentSql.LOCK_ENROLLMENT).execute(Tuple.of(uuid))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(notFound());
          Row row = rows.iterator().next();
          String status = row.getString("status");
          boolean allowed = from == null ? status.equals("pending") || status.equals("approved") : status.equals(from);
          if (!allowed) {
            return Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_STATUS.error("A " + status + " enrollment cannot become " + to,
              new JsonObject().put("status", status)));
          }
          return change.apply(conn, row).compose(updated -> {
            JsonObject data = new JsonObject().put("id", id).put("status", to)
              .put("updated_at", Iso.of(updated.iterator().next().getOffsetDateTime("updated_at")));
            UUID student = updated.iterator().next().getUUID("student_id");
            JsonObject event = new JsonObject().put("enrollment_id", id).put("student_id", student == null ? null : student.toString())
              .put("course_id", row.getUUID("course_id").toString()).put("previous_status", status);
            return Outbox.add(conn, "enrollment", "enrollment." + to, event, by)
              .compose(v -> Outbox.email(conn, "enrollment", email.apply(row), by))
              .map(data);
          });
        }))
      .onSuccess(v -> changedSeats());
  }

  /** PUT /api/booking/enrollments/{id} (admin): notes and the class placement; status changes have their own operations. */
  Future<Reply> update(BusRequest req) {
    String id = req.pathParam("id");
    String scheduleId = req.body().getString("schedule_id");
    return load(id).compose(row -> scheduleId == null ? Future.succeededFuture()
        : course(row.getUUID("course_id").toString()).compose(course -> placement(scheduling, scheduleId, course)))
      .compose(v -> db.preparedQuery(EnrollmentSql.UPDATE_DETAILS).execute(Tuple.of(uuid(id), req.body().getString("notes"),
        uuid(scheduleId))))
      .compose(v -> load(id))
      .onSuccess(row -> changedSeats())
      .compose(row -> render(List.of(row)))
      .map(list -> Reply.ok(list.getValue(0), "Enrollment updated"));
  }

  /**
   * DELETE /api/booking/{id} (admin): removes a registration that never held a seat (pending, rejected,
   * expired, cancelled); an approved one must be cancelled first so its seat is given back. The applicant of a
   * pending one, still waiting for a decision, is emailed enrollment-cancelled (by the academy); the others were
   * told their outcome already.
   */
  Future<Reply> delete(BusRequest req) {
    String id = req.pathParam("id");
    return load(id).compose(found -> course(found.getUUID("course_id").toString()))
      .compose(course -> db.withTransaction(conn -> conn.preparedQuery(EnrollmentSql.LOCK_ENROLLMENT).execute(Tuple.of(uuid(id)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(notFound());
          Row row = rows.iterator().next();
          String status = row.getString("status");
          if (status.equals("approved")) {
            return Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_STATUS.error("Cancel an approved enrollment before deleting it",
              new JsonObject().put("status", status)));
          }
          return conn.preparedQuery(EnrollmentSql.DELETE).execute(Tuple.of(uuid(id)))
            .compose(v -> status.equals("pending")
              ? Outbox.email(conn, "enrollment", cancelled(row, course, "cancelled.by_academy"), req.user().id())
              : Future.<Void>succeededFuture());
        })))
      .recover(Enrollments::invoiced)
      .onSuccess(v -> outbox.flush())
      .map(v -> Reply.message("Booking deleted"));
  }

  /** A registration billing issued an invoice for stays: invoices are legal documents (409 ENROLLMENT_INVALID_STATUS). */
  private static <T> Future<T> invoiced(Throwable failure) {
    if (failure instanceof io.vertx.pgclient.PgException pg && "invoices_enrollment_id_fkey".equals(pg.getConstraint())) {
      return Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_STATUS.error("An invoice was issued for this enrollment: it stays",
        new JsonObject().put("invoiced", true)));
    }
    return Future.failedFuture(failure);
  }

  /**
   * Moves due pending registrations to expired, with their events and their applicants' enrollment-cancelled emails
   * ("not confirmed within N days", N as the registration was given), and forgets idempotency keys older than a day (a
   * retry comes within minutes; DESIGN §7's 24 h); returns how many registrations expired. The course titles are
   * asked of the catalog first, so no bus call waits inside the transaction; only registrations of those courses
   * expire in this run (one that fell due in between waits for the next). Without the catalog nothing expires yet.
   */
  Future<Integer> expireDue() {
    return db.query(EnrollmentSql.DUE_COURSES).execute().compose(due -> {
        List<String> ids = new ArrayList<>();
        for (Row row : due) ids.add(row.getUUID("course_id").toString());
        return ids.isEmpty() ? Future.succeededFuture(Map.<String, JsonObject>of()) : catalog.courses(ids);
      })
      .compose(courses -> db.withTransaction(conn -> conn.preparedQuery(EnrollmentSql.EXPIRE_DUE)
          .execute(Tuple.of(uuids(courses.keySet())))
          .compose(expired -> {
            List<JsonObject> emails = new ArrayList<>();
            for (Row row : expired) {
              long days = Math.round(java.time.Duration.between(row.getOffsetDateTime("registration_date"),
                row.getOffsetDateTime("expires_at")).toHours() / 24.0);
              emails.add(cancelled(row, courses.get(row.getUUID("course_id").toString()), "expired", days));
            }
            return Outbox.emails(conn, "enrollment", emails, null).map(expired.rowCount());
          })
          .compose(n -> conn.query(EnrollmentSql.FORGET_OLD_KEYS).execute().map(n))))
      .onSuccess(n -> {
        if (n > 0) outbox.flush();
      });
  }

  /** GET /api/bookings/expired (service key): ids of expired registrations. */
  Future<Reply> expired(BusRequest req) {
    return db.query(EnrollmentSql.EXPIRED_IDS).execute().map(rows -> {
      JsonArray ids = new JsonArray();
      for (Row row : rows) ids.add(row.getUUID("id").toString());
      return Reply.ok(new JsonObject().put("expired_bookings", ids));
    });
  }

  /** Seed §5.8; "this month" in the academy's time zone; per instrument via the catalog. */
  Future<Reply> stats(BusRequest req) {
    Future<RowSet<Row>> totals = db.preparedQuery(EnrollmentSql.STATS).execute(Tuple.of(timezone));
    Future<RowSet<Row>> perCourse = db.query(EnrollmentSql.COUNT_PER_COURSE_ALL).execute();
    return Future.all(totals, perCourse).compose(both -> {
      List<Row> rows = new ArrayList<>();
      perCourse.result().forEach(rows::add);
      return courses(rows).map(courses -> {
        Row row = totals.result().iterator().next();
        JsonObject stats = new JsonObject();
        for (int i = 0; i < row.size(); i++) stats.put(row.getColumnName(i), row.getLong(i));
        JsonObject byInstrument = new JsonObject();
        for (Row r : rows) {
          JsonObject course = courses.get(r.getUUID("course_id").toString());
          String instrument = course == null || course.getString("instrument") == null ? "other" : course.getString("instrument");
          byInstrument.put(instrument, byInstrument.getLong(instrument, 0L) + r.getLong("n"));
        }
        return Reply.ok(stats.put("bookings_by_instrument", byInstrument));
      });
    });
  }

  // --- JSON -------------------------------------------------------------------------------------

  /** Registrations as the API shows them, with course summaries from the catalog. */
  private Future<JsonArray> render(List<Row> rows) {
    return courses(rows).map(courses -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) out.add(json(row, courses.get(row.getUUID("course_id").toString())));
      return out;
    });
  }

  static JsonObject json(Row r, JsonObject course) {
    LocalDate start = r.getLocalDate("start_date_target");
    String[] days = r.getArrayOfStrings("preferred_days");
    UUID[] preferred = r.getArrayOfUUIDs("preferred_schedule_ids");
    UUID schedule = r.getUUID("schedule_id");
    JsonObject summary = course == null ? new JsonObject().put("id", r.getUUID("course_id").toString()) : new JsonObject()
      .put("id", course.getString("id")).put("title", course.getString("title")).put("level", course.getString("level"))
      .put("instrument", course.getString("instrument")).put("price_per_session", course.getValue("price_per_session"))
      .put("duration_minutes", course.getValue("duration_minutes"));
    return new JsonObject()
      .put("id", r.getUUID("id").toString())
      .put("registration_number", r.getString("registration_number"))
      .put("status", r.getString("status"))
      .put("student", new JsonObject().put("id", r.getUUID("student_id") == null ? null : r.getUUID("student_id").toString()).put("full_name", r.getString("full_name"))
        .put("email", r.getString("email")).put("wa_number", r.getString("wa_number")))
      .put("course", summary)
      .put("schedule_id", schedule == null ? null : schedule.toString())
      .put("preferences", new JsonObject()
        .put("experience_level", r.getString("experience_level"))
        .put("time_preferences", r.getString("time_preferences"))
        .put("preferred_days", days == null ? null : new JsonArray(List.of(days)))
        .put("preferred_time_range", r.getValue("preferred_time_range"))
        .put("start_date_target", start == null ? null : start.toString())
        .put("instrument_owned", r.getBoolean("instrument_owned"))
        .put("preferred_schedule_ids", preferred == null ? new JsonArray()
          : new JsonArray(java.util.Arrays.stream(preferred).map(UUID::toString).toList())))
      .put("guardian", r.getValue("guardian"))
      .put("notes", r.getString("notes"))
      .put("referral_source", r.getString("referral_source"))
      .put("source", r.getString("source"))
      .put("rejection_reason", r.getString("rejection_reason"))
      .put("registration_date", Iso.of(r.getOffsetDateTime("registration_date")))
      .put("expires_at", Iso.of(r.getOffsetDateTime("expires_at")))
      .put("decided_at", Iso.of(r.getOffsetDateTime("decided_at")))
      .put("cancelled_at", Iso.of(r.getOffsetDateTime("cancelled_at")))
      .put("paid_at", Iso.of(r.getOffsetDateTime("paid_at"))) // payments (issue 18): billing's mark
      .put("created_at", Iso.of(r.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(r.getOffsetDateTime("updated_at")));
  }

  // --- other verticles --------------------------------------------------------------------------

  /** Course summaries by id (the catalog owns them). */
  private Future<Map<String, JsonObject>> courses(List<Row> rows) {
    Set<String> ids = new LinkedHashSet<>();
    rows.forEach(r -> ids.add(r.getUUID("course_id").toString()));
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    return catalog.courses(ids);
  }

  private Future<JsonObject> course(String id) {
    return catalog.course(id);
  }

  /**
   * The class a placement names ({@code schedule_id}) with its room and instructor names (for the approval email), or
   * null without one; it must be a scheduled class of the course (400 ENROLLMENT_INVALID_SCHEDULE naming schedule_id).
   */
  static Future<JsonObject> placement(SchedulingClient scheduling, String scheduleId, JsonObject course) {
    if (scheduleId == null) return Future.succeededFuture();
    return scheduling.schedulesWithNames(List.of(scheduleId))
      .compose(found -> found.stream()
        .filter(s -> course.getString("id").equals(s.getString("course_id"))
          && (s.getString("status") == null || s.getString("status").equals("scheduled")))
        .findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_SCHEDULE.forField("schedule_id",
          "must be a scheduled class of this course"))));
  }

  /** What an instructor may see: the registrations of the courses they teach ({@link CoursePolicy}; fails closed). */
  private Future<Scope> scopeOf(Caller caller) {
    return policy.courseIds(caller).map(ids -> ids == null ? Scope.ALL : new Scope(ids));
  }

  /** Course ids a caller may see; ALL (null) for admins and owners. */
  private record Scope(UUID[] courses) {
    static final Scope ALL = new Scope(null);

    boolean covers(Row row) {
      return courses == null || java.util.Arrays.asList(courses).contains(row.getUUID("course_id"));
    }
  }

  static UUID[] uuids(Iterable<?> values) {
    List<UUID> out = new ArrayList<>();
    if (values != null) values.forEach(v -> out.add(UUID.fromString(v.toString())));
    return out.toArray(new UUID[0]);
  }

  private static UUID uuid(String value) {
    if (value == null) return null;
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw notFound();
    }
  }

  private static ApiError notFound() {
    return ErrorCode.ENROLLMENT_NOT_FOUND.error("Enrollment not found");
  }
}
