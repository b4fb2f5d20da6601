package verticles.enrollment;

import verticles.bus.SchedulingClient;
import verticles.bus.CatalogClient;
import verticles.bus.CoursePolicy;
import verticles.bus.EnrollmentClient;import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Outbox;
import verticles.infra.Captcha;
import verticles.infra.Database;
import verticles.infra.RedisStore;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Enrollment (seed §5 and the booking data flow): public registration exactly once, approval within
 * capacity, bookings and their admin views; expiry of stale pending registrations once per cluster;
 * and what other verticles ask about who is enrolled where.
 */
public final class EnrollmentVerticle extends DomainVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentVerticle.class);
  private static final String EXPIRY_LOCK = "enrollment.expiry";

  @Override
  protected void routes(Endpoints e) {
    e.on("enrollment.register", registrations::register)
      .on("enrollment.registerCourse", registrations::register)
      .on("enrollment.checkStatus", enrollments::check)
      .on("enrollment.list", enrollments::list)
      .on("enrollment.listMine", enrollments::mine)
      .on("enrollment.get", enrollments::get)
      .on("enrollment.approve", enrollments::approve)
      .on("enrollment.reject", enrollments::reject)
      .on("enrollment.cancel", enrollments::cancel)
      .on("enrollment.bookingStats", enrollments::stats)
      .on("enrollment.expiredBookings", enrollments::expired)
      // the booking document's paths over the same records
      .on("enrollment.pendingBookings", enrollments::pending)
      .on("enrollment.deleteBooking", enrollments::delete)
      .on("enrollment.createBooking", registrations::book)
      .on("enrollment.userBookings", enrollments::ofUser)
      .on("enrollment.confirmBooking", enrollments::approve)
      .on("enrollment.rejectBooking", enrollments::reject)
      .on("enrollment.createEnrollment", registrations::enrollDirectly)
      .on("enrollment.listEnrollments", enrollments::list)
      .on("enrollment.getEnrollment", enrollments::get)
      .on("enrollment.updateEnrollment", enrollments::update)
      // for other verticles
      .internal(EnrollmentClient.IS_ENROLLED, this::isEnrolled)
      .internal(EnrollmentClient.ROSTERS, this::rosters)
      .internal(EnrollmentClient.ENROLLED_COUNTS, this::enrolledCounts)
      .internal(EnrollmentClient.COURSE_USAGE, this::courseUsage)
      .internal(EnrollmentClient.COURSE_ENROLLMENT_COUNTS, this::courseEnrollmentCounts)
      .internal(EnrollmentClient.STUDENT_IDS_OF_INSTRUCTOR, this::studentIdsOfInstructor)
      .internal(EnrollmentClient.STUDENT_PLACEMENTS, this::studentPlacements)
      .internal(EnrollmentClient.COURSE_STUDENTS, this::courseStudents)
      .internal(EnrollmentClient.PREFERENCES, this::preferences)
      .internal(EnrollmentClient.SEATS_TAKEN, this::seatsTaken)
      .internal("enrollment.internal.runExpiry", q -> runExpiry().map(n -> new JsonObject().put("expired", n)))
      // payments (issue 18): billing's hand-over after a payment
      .internal(EnrollmentClient.MARK_PAID, this::markPaid);
  }

  @Override
  protected String name() {
    return "enrollment";
  }

  private Pool db;
  private RedisAPI redis;
  private Captcha captcha;
  private Outbox outbox;
  private Registrations registrations;
  private Enrollments enrollments;
  private CatalogClient catalog;
  private SchedulingClient scheduling;
  private long timer;

  @Override
  protected Future<?> setUp() {
    JsonObject config = config();
    JsonObject settings = config.getJsonObject("enrollment");
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    captcha = new Captcha(vertx, config.getJsonObject("captcha"));
    outbox = new Outbox(vertx, db, new Events(vertx, redis, "enrollment"), "enrollment", askOptions());
    Notifications notifications = new Notifications(config.getString("public_url"));
    registrations = new Registrations(vertx, db, captcha, outbox, notifications, ZoneId.of(config.getString("timezone")),
      settings.getInteger("pending_expiry_days"), askOptions());
    enrollments = new Enrollments(vertx, db, outbox, notifications, config.getString("timezone"), askOptions());
    catalog = new CatalogClient(vertx, askOptions());
    scheduling = new SchedulingClient(vertx, askOptions());
    timer = vertx.setPeriodic(settings.getInteger("expiry_check_seconds") * 1000L, id -> {
      runExpiry();
      outbox.flush();
    });
    outbox.flush(); // what a stopped node left unpublished
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    vertx.cancelTimer(timer);
    captcha.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  /**
   * The expiry job, once per cluster: a cluster-wide lock keeps other nodes from running it at the same
   * time, and the expiring UPDATE itself only touches rows still pending, so a run can never double-expire.
   */
  private Future<Integer> runExpiry() {
    return vertx.sharedData().getLockWithTimeout(EXPIRY_LOCK, 100)
      .compose(lock -> enrollments.expireDue().onComplete(done -> lock.release()))
      .onSuccess(n -> {
        if (n > 0) LOG.info("Expired {} pending registrations", n);
      })
      .otherwise(0);
  }

  // --- internal queries -------------------------------------------------------------------------

  /**
   * {student_id, course_id} → {enrolled: an approved enrollment exists, language: "id"|"en" of the student's latest
   * (approved first) registration for the course, null without one}.
   */
  private Future<JsonObject> isEnrolled(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.IS_ENROLLED)
      .execute(Tuple.of(UUID.fromString(q.getString("student_id")), UUID.fromString(q.getString("course_id"))))
      .map(rows -> {
        Row row = rows.iterator().next();
        return new JsonObject().put("enrolled", row.getBoolean("enrolled")).put("language", row.getString("language"));
      });
  }

  /**
   * {schedule_ids, languages?} → {rosters: {schedule_id: [student_id…]}} of approved students placed there; with
   * {@code languages: true} also {languages: {student_id: "id"|"en"}}, each student's latest registration's language
   * among those placements (V14; the class reminders write in it).
   */
  private Future<JsonObject> rosters(JsonObject q) {
    boolean withLanguages = q.getBoolean("languages", false);
    return db.preparedQuery(EnrollmentSql.ROSTERS).execute(Tuple.of(Enrollments.uuids(q.getJsonArray("schedule_ids"))))
      .map(rows -> {
        JsonObject rosters = new JsonObject(), languages = new JsonObject();
        for (Row row : rows) {
          String schedule = row.getUUID("schedule_id").toString(), student = row.getUUID("student_id").toString();
          if (!rosters.containsKey(schedule)) rosters.put(schedule, new JsonArray());
          rosters.getJsonArray(schedule).add(student);
          languages.put(student, row.getString("language")); // oldest registration first: the latest one stays
        }
        JsonObject reply = new JsonObject().put("rosters", rosters);
        return withLanguages ? reply.put("languages", languages) : reply;
      });
  }

  /** {schedule_ids} → {counts: {schedule_id: n}} of approved students placed there. */
  private Future<JsonObject> enrolledCounts(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.COUNTS_PER_SCHEDULE).execute(Tuple.of(Enrollments.uuids(q.getJsonArray("schedule_ids"))))
      .map(rows -> {
        JsonObject counts = new JsonObject();
        for (Row row : rows) counts.put(row.getUUID("schedule_id").toString(), row.getLong("n"));
        return new JsonObject().put("counts", counts);
      });
  }

  /** {course_id} → {enrollments: n} of any status (a course with history cannot be deleted). */
  private Future<JsonObject> courseUsage(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.COURSE_USAGE).execute(Tuple.of(UUID.fromString(q.getString("course_id"))))
      .map(rows -> new JsonObject().put("enrollments", rows.iterator().next().getLong("n")));
  }

  /** {} → {counts: [{course_id, count}]} of approved enrollments, most first. */
  private Future<JsonObject> courseEnrollmentCounts(JsonObject q) {
    return db.query(EnrollmentSql.COUNTS_PER_COURSE).execute().map(rows -> {
      JsonArray counts = new JsonArray();
      for (Row row : rows) {
        counts.add(new JsonObject().put("course_id", row.getUUID("course_id").toString()).put("count", row.getLong("n")));
      }
      return new JsonObject().put("counts", counts);
    });
  }

  /**
   * {instructor_id} → {student_ids}: approved students of the courses the instructor teaches (owner or
   * assigned, the catalog's relation behind CoursePolicy). Fails when the catalog cannot answer — never guesses.
   */
  private Future<JsonObject> studentIdsOfInstructor(JsonObject q) {
    return new CoursePolicy(catalog).courseIdsTaughtBy(q.getString("instructor_id")).compose(courses -> db.preparedQuery(EnrollmentSql.STUDENTS_OF_COURSES)
      .execute(Tuple.tuple().addArrayOfUUID(courses))
      .map(rows -> {
        JsonArray ids = new JsonArray();
        for (Row row : rows) ids.add(row.getUUID("student_id").toString());
        return new JsonObject().put("student_ids", ids);
      }));
  }

  /**
   * {course_id} → {students: {student_id: "id"|"en"}}: the course's approved students, each with the language of their
   * approved registration (V14), for coursework's announcements and due-date reminders.
   */
  private Future<JsonObject> courseStudents(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.COURSE_STUDENTS).execute(Tuple.of(UUID.fromString(q.getString("course_id"))))
      .map(rows -> {
        JsonObject students = new JsonObject();
        for (Row row : rows) students.put(row.getUUID("student_id").toString(), row.getString("language"));
        return new JsonObject().put("students", students);
      });
  }

  /**
   * {enrollment_id, paid_at (ISO), command_key} → {enrollment_id, paid_at}: billing recorded the enrollment's payment
   * ({@code bus/Outbox.command}, after its commit); the first mark publishes {@code enrollment.paid} {enrollment_id,
   * student_id, course_id, registration_number, paid_at}. Idempotent: the first mark stays, a repeat answers it again. Unknown
   * enrollment → 404 {@code ENROLLMENT_NOT_FOUND} (billing's outbox drops the command and logs it).
   */
  private Future<JsonObject> markPaid(JsonObject q) {
    UUID id = verticles.bus.Values.uuidOrNull(q.getString("enrollment_id"));
    java.time.OffsetDateTime paidAt = java.time.OffsetDateTime.parse(q.getString("paid_at"));
    if (id == null) return Future.failedFuture(verticles.bus.ErrorCode.ENROLLMENT_NOT_FOUND.error("Enrollment not found"));
    return db.preparedQuery(EnrollmentSql.MARK_PAID).execute(Tuple.of(id, paidAt)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(verticles.bus.ErrorCode.ENROLLMENT_NOT_FOUND.error("Enrollment not found"));
      Row row = rows.iterator().next();
      if (row.getBoolean("marked")) outbox.flush(); // its enrollment.paid event
      return Future.succeededFuture(new JsonObject().put("enrollment_id", id.toString())
        .put("paid_at", verticles.bus.Iso.of(row.getOffsetDateTime("paid_at"))));
    });
  }

  /** {student_id} → {placements: [{course_id, schedule_id}]} of the student's approved enrollments. */
  private Future<JsonObject> studentPlacements(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.STUDENT_PLACEMENTS).execute(Tuple.of(UUID.fromString(q.getString("student_id"))))
      .map(rows -> {
        List<JsonObject> placements = new ArrayList<>();
        for (Row row : rows) {
          UUID schedule = row.getUUID("schedule_id");
          placements.add(new JsonObject().put("course_id", row.getUUID("course_id").toString())
            .put("schedule_id", schedule == null ? null : schedule.toString()));
        }
        return new JsonObject().put("placements", new JsonArray(placements));
      });
  }

  /**
   * {id} → {id, registration_number, status, course_id, student_id, schedule_id, experience_level, preferred_days: [..],
   * preferred_time_range: {start, end} | null, start_date_target: "YYYY-MM-DD" | null}: a registration's placement
   * preferences (seed §5.1) in any status; 404 ENROLLMENT_NOT_FOUND. Callers apply their own visibility rule.
   */
  private Future<JsonObject> preferences(JsonObject q) {
    UUID id = verticles.bus.Values.uuidOrNull(q.getString("id"));
    if (id == null) return Future.failedFuture(ErrorCode.ENROLLMENT_NOT_FOUND.error("Enrollment not found"));
    return db.preparedQuery(EnrollmentSql.PREFERENCES).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ErrorCode.ENROLLMENT_NOT_FOUND.error("Enrollment not found"));
      Row row = rows.iterator().next();
      String[] days = row.getArrayOfStrings("preferred_days");
      String range = row.getString("preferred_time_range");
      UUID student = row.getUUID("student_id"), schedule = row.getUUID("schedule_id");
      return Future.succeededFuture(new JsonObject()
        .put("id", id.toString())
        .put("registration_number", row.getString("registration_number"))
        .put("status", row.getString("status"))
        .put("course_id", row.getUUID("course_id").toString())
        .put("student_id", student == null ? null : student.toString())
        .put("schedule_id", schedule == null ? null : schedule.toString())
        .put("experience_level", row.getString("experience_level"))
        .put("preferred_days", days == null ? new JsonArray() : new JsonArray(List.of((Object[]) days)))
        .put("preferred_time_range", range == null ? null : new JsonObject(range))
        .put("start_date_target", row.getLocalDate("start_date_target") == null ? null : row.getLocalDate("start_date_target").toString()));
    });
  }

  /** {course_ids} → {taken: {course_id: n}}: the seats approvals hold per course (course_seats); absent = none. */
  private Future<JsonObject> seatsTaken(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.SEATS_TAKEN_OF).execute(Tuple.of(Enrollments.uuids(q.getJsonArray("course_ids"))))
      .map(rows -> {
        JsonObject taken = new JsonObject();
        for (Row row : rows) taken.put(row.getUUID("course_id").toString(), row.getLong("taken"));
        return new JsonObject().put("taken", taken);
      });
  }
}
