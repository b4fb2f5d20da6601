package verticles.enrollment;

import verticles.bus.Outbox;
import verticles.bus.RequestHash;

import verticles.bus.SchedulingClient;
import verticles.bus.CatalogClient;
import verticles.bus.AuthClient;
import verticles.bus.BillingClient;
import verticles.bus.Values;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.CacheVersions;
import verticles.bus.Emails;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Languages;
import verticles.bus.Phones;
import verticles.bus.Reply;
import verticles.infra.Captcha;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Public registration (seed §5.1, booking document step 1), exactly once. The idempotency key lives in
 * PostgreSQL only ({@code enrollment.registration_keys}): the registering transaction claims it first with
 * {@code INSERT … ON CONFLICT DO NOTHING}, which waits for a concurrent holder, so duplicates produce one
 * row and identical answers, and a replay is only ever a committed answer. Numbers come from a sequence, so
 * no lock is held to commit. The captcha is verified only for new registrations (a replay must not need a
 * second, single-use captcha token).
 *
 * <p>A public registration never touches an account: applicant and guardian data stay on the registration,
 * and the approval links or creates the student account (an admin's decision). Its answer never tells who
 * exists: when the database refuses it (a pending registration for this email and course, or three pending
 * for this email, both on the canonical email), the applicant gets the same 201 shape with a number and an
 * access code that match nothing, and the reason is logged and emailed to the address (whose owner may know it).
 *
 * <p>Emails ({@link Notifications}), each written to the outbox in the registering transaction: a public registration
 * or a booking → registration-received (public: with the status access code and link); a refused public
 * registration → enrollment-rejected with the real reason; a direct enrollment → enrollment-approved.
 */
final class Registrations {
  private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);
  /** The keys of the registration answer's {@code next_steps} in {@code i18n/enrollment*.properties} (the seed's texts in Indonesian). */
  private static final List<String> NEXT_STEPS = List.of("next_steps.contact", "next_steps.email", "next_steps.instrument");

  private final Vertx vertx;
  private final Pool db;
  private final Captcha captcha;
  private final Outbox outbox;
  private final ZoneId zone;
  private final int expiryDays;
  private final AuthClient auth;
  private final CatalogClient catalog;
  private final SchedulingClient scheduling;
  private final BillingClient billing;
  private final Notifications notifications;

  Registrations(Vertx vertx, Pool db, Captcha captcha, Outbox outbox, Notifications notifications, ZoneId zone,
                int expiryDays, DeliveryOptions ask) {
    this.vertx = vertx;
    this.db = db;
    this.captcha = captcha;
    this.outbox = outbox;
    this.notifications = notifications;
    this.zone = zone;
    this.expiryDays = expiryDays;
    this.auth = new AuthClient(vertx, ask);
    this.catalog = new CatalogClient(vertx, ask);
    this.scheduling = new SchedulingClient(vertx, ask);
    this.billing = new BillingClient(vertx, ask);
  }

  /**
   * POST /api/enrollments and /api/booking/register-course; the applicant's language comes from the optional
   * {@code ?lang=en|id}, else the {@code Accept-Language} header ({@link BusRequest#language}), and is kept with the
   * registration for later emails.
   */
  Future<Reply> register(BusRequest req) {
    JsonObject body = req.body();
    String key = body.getString("idempotency_key", req.header("Idempotency-Key"));
    if (key == null || key.isBlank()) {
      return Future.failedFuture(ErrorCode.VALIDATION_REQUIRED_FIELD.forField("idempotency_key",
        "is required (in the body or as the Idempotency-Key header)"));
    }
    if (!Boolean.TRUE.equals(body.getBoolean("consent"))) {
      return Future.failedFuture(ErrorCode.ENROLLMENT_CONSENT_REQUIRED.forField("consent", "must be true to register"));
    }
    String hash = requestHash(body);
    String scoped = "public:" + key;
    return replay(scoped, hash).compose(previous -> previous != null ? Future.succeededFuture(previous)
      : captcha.verify(body.getString("captcha_token"), req.ip())
        .compose(v -> course(body.getString("course_id")))
        .compose(course -> checkPreferredSchedules(body, course)
          .compose(v -> Invoicing.checkPackage(billing, body.getString("package_id"), course))
          .compose(v -> create(scoped, hash, body, course, null, "public", req.language()))));
  }

  /**
   * POST /api/bookings/create: a logged-in student books a course with their own account data. The
   * idempotency key is optional here (the same exactly-once rules apply when it is sent).
   */
  Future<Reply> book(BusRequest req) {
    JsonObject body = req.body().copy();
    String given = body.getString("idempotency_key", req.header("Idempotency-Key"));
    // a signed-in caller's keys are theirs: another account's identical key is another booking, never its replay
    String key = given == null ? null : "booking:" + req.user().id() + ":" + given;
    String hash = requestHash(body);
    Future<Reply> previous = key == null ? Future.succeededFuture(null) : replay(key, hash);
    return previous.compose(done -> done != null ? Future.succeededFuture(done)
      : user(req.user().id()).compose(user -> course(body.getString("course_id")).compose(course -> {
          body.put("email", user.getString("email")).put("full_name", user.getString("full_name"));
          return checkPreferredSchedules(body, course)
            .compose(v -> Invoicing.checkPackage(billing, body.getString("package_id"), course))
            .compose(v -> create(key, hash, body, course, req.user().id(), "booking", req.language()));
        })));
  }

  /**
   * POST /api/booking/enrollments: an admin enrolls an existing student directly — created and approved
   * in one transaction, so the seat rule holds exactly as for approvals. The student is emailed
   * enrollment-approved (with the class when {@code schedule_id} names one), as for an approval.
   */
  Future<Reply> enrollDirectly(BusRequest req) {
    JsonObject body = req.body();
    String by = req.user().id();
    return user(body.getString("student_id")).compose(user -> {
      if (!"student".equals(user.getString("role"))) {
        return Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_STUDENT.forField("student_id", "must be a student account"));
      }
      return course(body.getString("course_id")).compose(course -> {
        JsonObject applicant = new JsonObject().put("email", user.getString("email")).put("full_name", user.getString("full_name"))
          .put("notes", body.getString("notes")).put("package_id", body.getString("package_id"));
        Notifications.Recipient to = new Notifications.Recipient(user.getString("email"), user.getString("full_name"),
          Languages.INDONESIAN);
        Future<UUID> chosen = Invoicing.checkPackage(billing, body.getString("package_id"), course);
        return chosen.compose(pkg -> Enrollments.placement(scheduling, body.getString("schedule_id"), course)).compose(schedule -> {
          AfterInsert approve = (conn, id, response) -> Enrollments.takeSeatAndApprove(conn, id, course,
              body.getString("schedule_id"), by, user.getString("id"))
            .compose(v -> Invoicing.issue(conn, id, user.getString("id"), course, chosen.result(), body.getInteger("sessions"),
              user.getString("email"), user.getString("full_name"), Languages.INDONESIAN,
              response.getJsonObject("data").getString("registration_number"), by))
            .compose(v -> Outbox.add(conn, "enrollment", "enrollment.approved", new JsonObject().put("enrollment_id", id.toString())
              .put("student_id", user.getString("id")).put("course_id", course.getString("id")).put("previous_status", "pending"), by))
            .compose(v -> Outbox.email(conn, "enrollment", notifications.approved(to,
              response.getJsonObject("data").getString("registration_number"), course, schedule), by))
            .map(v -> response.copy().put("message", "Enrollment created and approved")
              .put("data", response.getJsonObject("data").copy().put("status", "approved")));
          return create(null, null, applicant, course, user.getString("id"), "admin", Languages.INDONESIAN, approve);
        });
      });
    });
  }

  private Future<JsonObject> user(String id) {
    return auth.user(id);
  }

  /** The committed answer for this key, or null; 422 when the key came with other data. */
  private Future<Reply> replay(String key, String hash) {
    return db.preparedQuery(EnrollmentSql.KEY_ANSWER).execute(Tuple.of(key))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : answerOf(rows.iterator().next(), hash).map(Registrations::replyOf));
  }

  /** A stored key's answer: the same data replays it, other data is 422 IDEMPOTENCY_KEY_REUSED. */
  private static Future<JsonObject> answerOf(Row row, String hash) {
    if (!hash.equals(row.getString("request_hash"))) return Future.failedFuture(keyReused());
    return Future.succeededFuture(new JsonObject(row.getString("response")));
  }

  Future<JsonObject> course(String courseId) {
    return catalog.course(courseId)
      .compose(course -> course.getBoolean("is_active", false) ? Future.succeededFuture(course)
        : Future.failedFuture(ErrorCode.ENROLLMENT_COURSE_INACTIVE.error("This course is not open for registration")));
  }

  /** Up to two preferred schedules, each a live schedule of the chosen course. */
  private Future<Void> checkPreferredSchedules(JsonObject body, JsonObject course) {
    JsonArray ids = body.getJsonArray("preferred_schedule_ids");
    if (ids == null || ids.isEmpty()) return Future.succeededFuture();
    return scheduling.schedules(ids.stream().map(String::valueOf).toList())
      .compose(found -> {
        long valid = found.stream()
          .filter(s -> course.getString("id").equals(s.getString("course_id")))
          .filter(s -> s.getString("status") == null || s.getString("status").equals("scheduled"))
          .count();
        return valid == ids.stream().distinct().count() ? Future.succeededFuture()
          : Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_SCHEDULE.forField("preferred_schedule_ids",
            "must name scheduled classes of the chosen course"));
      });
  }

  /**
   * Inserts the registration with its number, answer, event and registration-received email in one transaction that
   * first claims the key (a concurrent twin's committed answer is replayed instead). {@code studentId} is null for
   * public registrations; {@code language} ("id" or "en") is the applicant's, kept for every later email.
   */
  Future<Reply> create(String key, String hash, JsonObject body, JsonObject course, String studentId, String source,
                       String language) {
    return create(key, hash, body, course, studentId, source, language, null);
  }

  /** In-transaction follow-up of a new registration (the admin's direct enrollment approves it at once). */
  interface AfterInsert {
    Future<JsonObject> apply(SqlConnection conn, UUID enrollmentId, JsonObject response);
  }

  /** {@link #create} with a follow-up in the transaction; a direct enrollment ("admin") is emailed by its follow-up. */
  Future<Reply> create(String key, String hash, JsonObject body, JsonObject course, String studentId, String source,
                       String language, AfterInsert after) {
    String email = applicantEmail(body);
    String wa = Phones.normalize(body.getString("wa_number"));
    String code = AccessCodes.next();
    String[] drawn = new String[1]; // the number this registration spent, also when it is refused
    return db.withTransaction(conn -> claim(conn, key, hash, month()).compose(claim -> {
        if (claim.replayed() != null) return Future.succeededFuture(claim.replayed());
        drawn[0] = claim.number();
        boolean anonymous = "public".equals(source);
        return conn.preparedQuery(anonymous ? EnrollmentSql.INSERT_PUBLIC : EnrollmentSql.INSERT).execute(Tuple.tuple()
            .addString(claim.number()).addUUID(studentId == null ? null : UUID.fromString(studentId))
            .addUUID(UUID.fromString(course.getString("id")))
            .addString(email).addString(body.getString("full_name").trim()).addString(wa)
            .addString(body.getString("experience_level")).addString(body.getString("time_preferences"))
            .addArrayOfString(strings(body.getJsonArray("preferred_days")))
            .addValue(body.getJsonObject("preferred_time_range"))
            .addLocalDate(date(body.getString("start_date_target")))
            .addValue(guardian(body.getJsonObject("guardian")))
            .addBoolean(body.getBoolean("instrument_owned")).addString(body.getString("notes"))
            .addString(body.getString("referral_source"))
            .addArrayOfUUID(uuids(body.getJsonArray("preferred_schedule_ids")))
            .addString(source).addString(Emails.canonical(email)).addBuffer(Buffer.buffer(AccessCodes.hash(code)))
            .addInteger(expiryDays).addString(language).addUUID(Values.uuidOrNull(body.getString("package_id"))))
          .compose(rows -> {
            // the pending rules skipped the row: answered neutrally in this same transaction (no slower than a new one)
            if (rows.size() == 0) return refuse(conn, key, claim.number(), null, body, course, language);
            Row row = rows.iterator().next();
            UUID id = row.getUUID("id");
            String number = row.getString("registration_number");
            JsonObject response = created(id, number, code, email, wa, body, course, row.getOffsetDateTime("registration_date"),
              language);
            JsonObject event = new JsonObject().put("enrollment_id", id.toString())
              .put("registration_number", number).put("student_id", studentId).put("course_id", course.getString("id"))
              .put("email", email).put("source", source);
            Notifications.Recipient to = new Notifications.Recipient(email, body.getString("full_name").trim(), language);
            // the answer, the events and the email do not depend on each other: sent together (pipelined on the
            // connection), one round trip instead of three while the transaction holds its connection
            return (after == null ? Future.succeededFuture(response) : after.apply(conn, id, response))
              .compose(answer -> Future.all(saveAnswer(conn, key, answer, id),
                  Outbox.add(conn, "enrollment", List.of("enrollment.created", "booking.created"), event, studentId),
                  "admin".equals(source) ? Future.<Void>succeededFuture()
                    : Outbox.email(conn, "enrollment", notifications.received(to, number, course, body.getString("start_date_target"),
                      "public".equals(source) ? code : null), studentId))
                .map(answer));
          });
      }))
      .recover(failure -> "public".equals(source) ? neutral(failure, key, hash, drawn[0], body, course, language)
        : constraintError(failure))
      .map(response -> {
        outbox.flush();
        // a direct enrollment took a seat: the course detail's counts change now (see Enrollments.changedSeats)
        if (after != null) CacheVersions.publish(vertx, CacheVersions.SCHEDULES, null);
        return replyOf(response);
      });
  }

  /** A claimed key's drawn number, or the committed answer of the key's first use. */
  private record Claim(String number, JsonObject replayed) {
  }

  /**
   * Claims the key for this transaction and draws the registration number with it (without a key: only the
   * number); a key used before gives its committed answer instead (same data) or 422 (other data).
   */
  private static Future<Claim> claim(SqlConnection conn, String key, String hash, String month) {
    if (key == null) {
      return conn.preparedQuery(EnrollmentSql.NEXT_NUMBER).execute()
        .map(rows -> new Claim(number(month, rows.iterator().next().getLong("seq")), null));
    }
    return conn.preparedQuery(EnrollmentSql.CLAIM_KEY).execute(Tuple.of(key, hash)).compose(claimed -> claimed.size() > 0
      ? Future.succeededFuture(new Claim(number(month, claimed.iterator().next().getLong("seq")), null))
      : conn.preparedQuery(EnrollmentSql.KEY_ANSWER).execute(Tuple.of(key))
        .compose(rows -> answerOf(rows.iterator().next(), hash)).map(answer -> new Claim(null, answer)));
  }

  private static Future<Void> saveAnswer(SqlConnection conn, String key, JsonObject answer, UUID enrollmentId) {
    return key == null ? Future.succeededFuture()
      : conn.preparedQuery(EnrollmentSql.SAVE_KEY_ANSWER).execute(Tuple.of(key, answer.encode(), enrollmentId)).mapEmpty();
  }

  /**
   * A public registration the pending rules refused (already pending for this course, or three pending for the
   * email): the same 201 shape with the number it drew (one, like any registration) and an access code, recorded in
   * {@code refused_registrations} (with the reason, for staff) so the status check answers for it like for a new
   * registration, and kept under the key so retries replay it. The reason is logged, and emailed to the address in the
   * same transaction (enrollment-rejected under the number the answer gave): its owner may know it, and whoever probes
   * with someone else's address never sees that mailbox.
   */
  private Future<JsonObject> refuse(SqlConnection conn, String key, String number, String reason, JsonObject body,
                                    JsonObject course, String language) {
    String email = applicantEmail(body);
    String code = AccessCodes.next();
    return conn.preparedQuery(EnrollmentSql.INSERT_REFUSED).execute(Tuple.tuple().addString(number)
        .addBuffer(Buffer.buffer(AccessCodes.hash(code))).addString(email).addString(Emails.canonical(email))
        .addString(body.getString("full_name").trim()).addUUID(UUID.fromString(course.getString("id")))
        .addLocalDate(date(body.getString("start_date_target"))).addString(reason).addInteger(expiryDays))
      .compose(rows -> {
        Row row = rows.iterator().next();
        String why = row.getString("reason");
        LOG.info("Public registration {} refused ({}), answered neutrally", number, why);
        JsonObject answer = created(UUID.randomUUID(), number, code, email, Phones.normalize(body.getString("wa_number")),
          body, course, row.getOffsetDateTime("registration_date"), language);
        Notifications.Recipient to = new Notifications.Recipient(email, body.getString("full_name").trim(), language);
        return saveAnswer(conn, key, answer, null)
          .compose(v -> Outbox.email(conn, "enrollment", notifications.decided(Notifications.REJECTED, to, number, course,
            Notifications.text("refused." + why, language)), null))
          .map(answer);
      });
  }

  /**
   * The rare refusal that comes as an error: the first registrations of one address racing each other past the cap
   * (the counter's CHECK). The transaction is gone, so the refusal is answered in a new one (see {@link #refuse}).
   */
  private Future<JsonObject> neutral(Throwable failure, String key, String hash, String number, JsonObject body, JsonObject course,
                                     String language) {
    boolean capped = failure instanceof PgException pg && "pending_per_email_pending_check".equals(pg.getConstraint());
    if (!capped || number == null) return constraintError(failure);
    return db.withTransaction(conn -> conn.preparedQuery(EnrollmentSql.RECLAIM_KEY).execute(Tuple.of(key, hash))
      .compose(claimed -> claimed.size() == 0
        ? conn.preparedQuery(EnrollmentSql.KEY_ANSWER).execute(Tuple.of(key)).compose(rows -> answerOf(rows.iterator().next(), hash))
        : refuse(conn, key, number, "pending_limit", body, course, language)));
  }

  /** The applicant's address as stored: trimmed and lower-cased (its anti-abuse key is {@link Emails#canonical}). */
  private static String applicantEmail(JsonObject body) {
    return body.getString("email").trim().toLowerCase(Locale.ROOT);
  }

  /** REG-YYYY-MM-NNN: at least three digits, more once the sequence passes 999 (never cut). */
  static String number(String month, long seq) {
    return String.format("REG-%s-%03d", month, seq);
  }

  private String month() {
    ZonedDateTime now = ZonedDateTime.now(zone);
    return String.format("%04d-%02d", now.getYear(), now.getMonthValue());
  }

  /**
   * The database refused, for callers who may know why (a signed-in student about their own account, an admin):
   * one active enrollment per student and course, one pending per email and course, three pending per email.
   */
  static <T> Future<T> constraintError(Throwable failure) {
    if (failure instanceof PgException pg) {
      String constraint = pg.getConstraint() == null ? "" : pg.getConstraint();
      if (constraint.equals("enrollments_one_active")) {
        return Future.failedFuture(ErrorCode.ENROLLMENT_ALREADY_EXISTS.error(
          "This student already has a pending or approved enrollment in this course"));
      }
      if (constraint.equals("enrollments_one_pending")) {
        return Future.failedFuture(ErrorCode.ENROLLMENT_ALREADY_EXISTS.error(
          "There is already a pending registration for this email and course"));
      }
      if (constraint.equals("pending_per_email_pending_check")) {
        return Future.failedFuture(ErrorCode.ENROLLMENT_PENDING_LIMIT.error(
          "This email already has three pending registrations; wait for a decision before registering again"));
      }
    }
    return Future.failedFuture(failure);
  }

  /**
   * The seed's 201 body plus {@code access_code} (the applicant's key to the status check, shown once here and
   * in the confirmation email); stored under the idempotency key and replayed verbatim. {@code next_steps} in the
   * registration's {@code language} (the seed's Indonesian texts by default, English on request; issue 20).
   */
  private static JsonObject created(UUID id, String number, String code, String email, String wa, JsonObject body,
                                    JsonObject course, OffsetDateTime at, String language) {
    return new JsonObject()
      .put("status", 201)
      .put("message", "Pendaftaran berhasil! Kami akan menghubungi Anda segera.")
      .put("data", new JsonObject()
        .put("enrollment_id", id.toString())
        .put("registration_number", number)
        .put("access_code", code)
        .put("student_data", new JsonObject().put("full_name", body.getString("full_name").trim())
          .put("wa_number", wa).put("email", email))
        .put("course", new JsonObject().put("id", course.getString("id")).put("title", course.getString("title"))
          .put("level", course.getString("level")).put("price_per_session", course.getValue("price_per_session")))
        .put("status", "pending")
        .put("registration_date", Iso.of(at))
        .put("next_steps", new JsonArray(NEXT_STEPS.stream().map(key -> Notifications.text(key, language)).toList())));
  }

  private static Reply replyOf(JsonObject response) {
    return new Reply(response.getInteger("status", 201), response.getValue("data"), response.getString("message"));
  }

  /** The body's {@link RequestHash} without the captcha token and the key (a retry may bring new ones). */
  static String requestHash(JsonObject body) {
    JsonObject copy = body.copy();
    copy.remove("captcha_token");
    copy.remove("idempotency_key");
    return RequestHash.of(copy);
  }

  private static ApiError keyReused() {
    return ErrorCode.IDEMPOTENCY_KEY_REUSED.error("This idempotency key was already used for a different registration");
  }


  private static JsonObject guardian(JsonObject guardian) {
    if (guardian == null) return null;
    JsonObject copy = guardian.copy();
    if (copy.getString("wa_number") != null) copy.put("wa_number", Phones.normalize(copy.getString("wa_number")));
    return copy;
  }

  private static String[] strings(JsonArray values) {
    return values == null ? null : values.stream().map(Object::toString).toArray(String[]::new);
  }

  private static UUID[] uuids(JsonArray values) {
    return values == null ? new UUID[0] : values.stream().map(v -> UUID.fromString(v.toString())).distinct().toArray(UUID[]::new);
  }

  private static LocalDate date(String value) {
    return value == null ? null : LocalDate.parse(value);
  }
}
