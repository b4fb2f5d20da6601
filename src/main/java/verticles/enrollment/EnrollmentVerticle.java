package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.infra.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Enrollment (seed §5 and the booking data flow): public registration exactly once, approval within
 * capacity, bookings; and what other verticles ask about who is enrolled where.
 */
public final class EnrollmentVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
    e.internal("enrollment.internal.isEnrolled", this::isEnrolled)
      .internal("enrollment.internal.rosters", this::rosters)
      .internal("enrollment.internal.enrolledCounts", this::enrolledCounts)
      .internal("enrollment.internal.courseUsage", this::courseUsage)
      .internal("enrollment.internal.courseEnrollmentCounts", this::courseEnrollmentCounts)
      .internal("enrollment.internal.studentIdsOfInstructor", this::studentIdsOfInstructor)
      .internal("enrollment.internal.studentPlacements", this::studentPlacements);
  }

  @Override
  protected String name() {
    return "enrollment";
  }

  private Pool db;
  private DeliveryOptions internal;

  @Override
  protected Future<?> setUp() {
    db = Database.pool(vertx, config());
    internal = new DeliveryOptions().setSendTimeout(5000);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  // --- internal queries -------------------------------------------------------------------------

  /** {student_id, course_id} → {enrolled}: an approved enrollment exists. */
  private Future<JsonObject> isEnrolled(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.IS_ENROLLED)
      .execute(Tuple.of(UUID.fromString(q.getString("student_id")), UUID.fromString(q.getString("course_id"))))
      .map(rows -> new JsonObject().put("enrolled", rows.iterator().next().getBoolean("enrolled")));
  }

  /** {schedule_ids} → {rosters: {schedule_id: [student_id…]}} of approved students placed there. */
  private Future<JsonObject> rosters(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.ROSTERS).execute(Tuple.of(uuids(q.getJsonArray("schedule_ids"))))
      .map(rows -> {
        JsonObject rosters = new JsonObject();
        for (Row row : rows) {
          String schedule = row.getUUID("schedule_id").toString();
          if (!rosters.containsKey(schedule)) rosters.put(schedule, new JsonArray());
          rosters.getJsonArray(schedule).add(row.getUUID("student_id").toString());
        }
        return new JsonObject().put("rosters", rosters);
      });
  }

  /** {schedule_ids} → {counts: {schedule_id: n}} of approved students placed there. */
  private Future<JsonObject> enrolledCounts(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.COUNTS_PER_SCHEDULE).execute(Tuple.of(uuids(q.getJsonArray("schedule_ids"))))
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
   * {instructor_id} → {student_ids}: approved students of the courses the instructor owns (catalog) or
   * of the classes they teach (scheduling). Fails when either cannot answer — never guesses.
   */
  private Future<JsonObject> studentIdsOfInstructor(JsonObject q) {
    JsonObject who = new JsonObject().put("instructor_id", q.getString("instructor_id"));
    Future<JsonObject> owned = vertx.eventBus().<JsonObject>request("catalog.internal.coursesOfInstructor", who, internal)
      .map(m -> m.body());
    Future<JsonObject> taught = vertx.eventBus().<JsonObject>request("scheduling.internal.classesOfInstructor", who, internal)
      .map(m -> m.body());
    return Future.all(owned, taught).compose(both -> db.preparedQuery(EnrollmentSql.STUDENTS_OF_COURSES)
      .execute(Tuple.tuple().addArrayOfUUID(uuids(owned.result().getJsonArray("course_ids")))
        .addArrayOfUUID(uuids(taught.result().getJsonArray("schedule_ids"))))
      .map(rows -> {
        JsonArray ids = new JsonArray();
        for (Row row : rows) ids.add(row.getUUID("student_id").toString());
        return new JsonObject().put("student_ids", ids);
      }));
  }

  /** {student_id} → {placements: [{course_id, schedule_id}]} of the student's approved enrollments. */
  private Future<JsonObject> studentPlacements(JsonObject q) {
    return db.preparedQuery(EnrollmentSql.STUDENT_PLACEMENTS).execute(Tuple.of(UUID.fromString(q.getString("student_id"))))
      .map(rows -> {
        JsonArray placements = new JsonArray();
        for (Row row : rows) {
          UUID schedule = row.getUUID("schedule_id");
          placements.add(new JsonObject().put("course_id", row.getUUID("course_id").toString())
            .put("schedule_id", schedule == null ? null : schedule.toString()));
        }
        return new JsonObject().put("placements", placements);
      });
  }

  private static UUID[] uuids(JsonArray values) {
    List<UUID> out = new ArrayList<>();
    if (values != null) values.forEach(v -> out.add(UUID.fromString(v.toString())));
    return out.toArray(new UUID[0]);
  }
}
