package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.bus.Values;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Attendance (seed §4B). Marked by the class's instructor or an admin, once the class has started, for a
 * student with an approved enrollment in the course (asked of enrollment); a second mark is refused
 * (change it with PUT). Histories are visible to the student, their instructors and admins.
 */
final class Attendance {
  private final Pool db;
  private final Lookups lookups;
  private final Schedules schedules;
  private final ScheduleViews views;
  private final Events events;
  private final Settings settings;

  Attendance(Pool db, Lookups lookups, Schedules schedules, ScheduleViews views, Events events, Settings settings) {
    this.settings = settings;
    this.db = db;
    this.lookups = lookups;
    this.schedules = schedules;
    this.views = views;
    this.events = events;
  }

  /**
   * POST /api/attendance. Who, when and enrollment are checked first (enrollment is asked over the bus,
   * outside any transaction); then the class is share-locked — it cannot be cancelled until the mark
   * commits — and the mark inserted; the primary key refuses a second mark, whatever races.
   */
  Future<Reply> mark(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    UUID scheduleId = UUID.fromString(body.getString("class_schedule_id"));
    UUID studentId = UUID.fromString(body.getString("student_id"));
    boolean attended = body.getBoolean("attended");
    return liveSchedule(scheduleId.toString())
      .compose(schedule -> mayMark(caller, schedule)
        .compose(v -> lookups.isEnrolled(studentId.toString(), schedule.getString("course_id"))))
      .compose(enrolled -> enrolled ? Future.succeededFuture() : Future.failedFuture(
        ErrorCode.ATTENDANCE_STUDENT_NOT_ENROLLED.error("The student has no approved enrollment in this course")))
      .compose(v -> db.withTransaction(conn -> conn.preparedQuery(SchedulingSql.SCHEDULE_FOR_ATTENDANCE).execute(Tuple.of(scheduleId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(scheduleNotFound())
          : conn.preparedQuery(SchedulingSql.ATTENDANCE_INSERT).execute(Tuple.of(scheduleId, studentId, attended,
            UUID.fromString(caller.id()))))))
      .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? ErrorCode.ATTENDANCE_ALREADY_MARKED.error("Attendance was already marked for this student; use PUT to change it")
        : e))
      .map(rows -> {
        JsonObject record = record(rows.iterator().next());
        events.publish("attendance.marked", event(record), caller.id());
        return Reply.created(record, "Attendance marked successfully");
      });
  }

  /** A live (not cancelled) class, or 404 ATTENDANCE_SCHEDULE_NOT_FOUND. */
  private Future<JsonObject> liveSchedule(String id) {
    return schedules.load(id)
      .recover(e -> Future.failedFuture(Lookups.is(e, ErrorCode.SCHEDULE_NOT_FOUND) ? scheduleNotFound() : e))
      .compose(s -> "scheduled".equals(s.getString("status")) ? Future.succeededFuture(s) : Future.failedFuture(scheduleNotFound()));
  }

  /** PUT /api/attendance/{scheduleId}/{studentId}: changes an existing mark. */
  Future<Reply> update(BusRequest req) {
    Caller caller = req.user();
    UUID scheduleId = Values.uuidOrNull(req.pathParam("scheduleId"));
    UUID studentId = Values.uuidOrNull(req.pathParam("studentId"));
    if (scheduleId == null) return Future.failedFuture(scheduleNotFound());
    if (studentId == null) return Future.failedFuture(notMarked());
    boolean attended = req.body().getBoolean("attended");
    return liveSchedule(scheduleId.toString())
      .compose(schedule -> mayMark(caller, schedule).compose(v -> db.preparedQuery(SchedulingSql.ATTENDANCE_UPDATE)
        .execute(Tuple.of(scheduleId, studentId, attended, UUID.fromString(caller.id())))))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notMarked()) : Future.succeededFuture(record(rows.iterator().next())))
      .map(record -> {
        events.publish("attendance.marked", event(record), caller.id());
        return Reply.ok(record, "Attendance updated successfully");
      });
  }

  /** An admin or an instructor of the class's course ({@link verticles.bus.CoursePolicy}); not before the class starts. */
  private Future<Void> mayMark(Caller caller, JsonObject schedule) {
    return lookups.policy().require(caller, schedule.getString("course_id"),
      "You can only take attendance for classes of courses you teach").compose(v -> {
        if (Times.instant("start_time", schedule.getString("start_time")).isAfter(Times.now())) {
          return Future.failedFuture(ErrorCode.ATTENDANCE_INVALID_TIME.error("Attendance cannot be marked before the class starts",
            new JsonObject().put("start_time", schedule.getString("start_time"))));
        }
        return Future.succeededFuture();
      });
  }

  /**
   * GET /api/attendance/schedule/{scheduleId}: the roster (approved students placed on the class or its
   * series) and everyone marked, with total_enrolled (the roster) and total_attended.
   */
  Future<Reply> ofSchedule(BusRequest req) {
    Caller caller = req.user();
    return schedules.load(req.pathParam("scheduleId"))
      .recover(e -> Future.failedFuture(Lookups.is(e, ErrorCode.SCHEDULE_NOT_FOUND) ? scheduleNotFound() : e))
      .compose(schedule -> lookups.policy().require(caller, schedule.getString("course_id"),
        "You can only see attendance of classes of courses you teach").map(schedule))
      .compose(schedule -> {
        Future<Set<String>> roster = views.roster(schedule);
        Future<RowSet<Row>> marks = db.preparedQuery(SchedulingSql.ATTENDANCE_OF_SCHEDULE)
          .execute(Tuple.of(UUID.fromString(schedule.getString("id"))));
        Future<JsonObject> course = lookups.courses(List.of(schedule.getString("course_id")))
          .map(m -> m.get(schedule.getString("course_id")));
        return Future.all(roster, marks, course).compose(done -> {
          Set<String> students = new LinkedHashSet<>(roster.result());
          JsonObject marked = new JsonObject();
          long attended = 0;
          for (Row row : marks.result()) {
            JsonObject record = record(row);
            students.add(record.getString("student_id"));
            marked.put(record.getString("student_id"), record);
            if (record.getBoolean("attended")) attended++;
          }
          long totalAttended = attended;
          return lookups.users(students).map(users -> {
            JsonArray attendees = new JsonArray();
            for (String student : students) {
              JsonObject user = users.get(student);
              JsonObject mark = marked.getJsonObject(student);
              attendees.add(new JsonObject()
                .put("student", Lookups.studentRef(student, user))
                .put("enrolled", roster.result().contains(student))
                .put("attended", mark == null ? null : mark.getBoolean("attended"))
                .put("marked_at", mark == null ? null : mark.getString("marked_at")));
            }
            JsonObject c = course.result();
            return Reply.ok(new JsonObject()
              .put("schedule", new JsonObject().put("id", schedule.getString("id"))
                .put("course_id", schedule.getString("course_id"))
                .put("course_title", c == null ? null : c.getString("title"))
                .put("start_time", schedule.getString("start_time"))
                .put("end_time", schedule.getString("end_time"))
                .put("status", schedule.getString("status")))
              .put("attendees", attendees)
              .put("total_enrolled", roster.result().size())
              .put("total_attended", totalAttended));
          });
        });
      });
  }

  /** GET /api/attendance/student/{studentId}: the owner, the student's instructors, admins. */
  Future<Reply> ofStudent(BusRequest req) {
    Caller caller = req.user();
    UUID studentId = Values.uuidOrNull(req.pathParam("studentId"));
    if (studentId == null) return Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found"));
    JsonObject q = req.query();
    Page page = Page.of(req);
    OffsetDateTime from = Times.lower("start_date", q.getString("start_date"), settings.zone());
    OffsetDateTime until = Times.upper("end_date", q.getString("end_date"), settings.zone());
    return mayRead(caller, studentId).compose(scope -> lookups.user(studentId.toString()).compose(student -> {
        Tuple filters = Tuple.tuple().addValue(studentId).addValue(Values.uuidOrNull(q.getString("course_id")))
          .addValue(from).addValue(until).addArrayOfUUID(scope);
        Tuple paged = Tuple.tuple();
        for (int i = 0; i < filters.size(); i++) paged.addValue(filters.getValue(i));
        paged.addInteger(page.limit()).addLong(page.offset());
        Future<RowSet<Row>> rows = db.preparedQuery(SchedulingSql.STUDENT_ATTENDANCE_PAGE).execute(paged);
        Future<RowSet<Row>> summary = db.preparedQuery(SchedulingSql.STUDENT_ATTENDANCE_SUMMARY).execute(filters);
        return Future.all(rows, summary).compose(done -> {
          List<String> courseIds = new java.util.ArrayList<>();
          rows.result().forEach(r -> courseIds.add(r.getUUID("course_id").toString()));
          return lookups.courses(courseIds).map(courses -> {
            JsonArray records = new JsonArray();
            for (Row row : rows.result()) {
              JsonObject course = courses.get(row.getUUID("course_id").toString());
              records.add(new JsonObject()
                .put("schedule", new JsonObject().put("id", row.getUUID("schedule_id").toString())
                  .put("course_id", row.getUUID("course_id").toString())
                  .put("course_title", course == null ? null : course.getString("title"))
                  .put("start_time", Iso.of(row.getOffsetDateTime("start_time")))
                  .put("end_time", Iso.of(row.getOffsetDateTime("end_time"))))
                .put("attended", row.getBoolean("attended"))
                .put("marked_at", Iso.of(row.getOffsetDateTime("marked_at"))));
            }
            Row sum = summary.result().iterator().next();
            long total = sum.getLong("total"), attended = sum.getLong("attended");
            return Reply.ok(new JsonObject()
              .put("student", new JsonObject().put("id", student.getString("id")).put("full_name", student.getString("full_name")))
              .put("attendance_records", records)
              .put("summary", new JsonObject().put("total_classes", total).put("attended", attended)
                .put("absent", total - attended)
                .put("attendance_rate", total == 0 ? 0.0 : Math.round(attended * 10000.0 / total) / 10000.0))
              .put("pagination", page.pagination(total)));
          });
        });
      }));
  }

  /**
   * A student reads their own history and admins every history, whole (null: no course scope); an instructor the
   * history of a student of the courses they teach ({@link verticles.bus.CoursePolicy}: marked in a class of one,
   * or enrolled in one — asked of enrollment), limited to those courses (the scope returned).
   */
  private Future<UUID[]> mayRead(Caller caller, UUID studentId) {
    if (caller.is("admin") || caller.id().equals(studentId.toString())) return Future.succeededFuture(null);
    ApiError forbidden = ErrorCode.AUTH_FORBIDDEN.error("You can only see the attendance of your own students");
    if (!caller.is("instructor")) return Future.failedFuture(forbidden);
    return lookups.policy().courseIds(caller).compose(scope -> db.preparedQuery(SchedulingSql.TAUGHT_STUDENT)
      .execute(Tuple.tuple().addUUID(studentId).addArrayOfUUID(scope))
      .compose(rows -> rows.iterator().next().getBoolean("taught") ? Future.succeededFuture(true)
        : lookups.studentsOfInstructor(caller.id()).map(ids -> ids.contains(studentId.toString())))
      .compose(allowed -> allowed ? Future.succeededFuture(scope) : Future.failedFuture(forbidden)));
  }

  static JsonObject record(Row row) {
    return new JsonObject()
      .put("class_schedule_id", row.getUUID("schedule_id").toString())
      .put("student_id", row.getUUID("student_id").toString())
      .put("attended", row.getBoolean("attended"))
      .put("marked_by", row.getUUID("marked_by").toString())
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("marked_at", Iso.of(row.getOffsetDateTime("marked_at")));
  }

  private static JsonObject event(JsonObject record) {
    return new JsonObject().put("schedule_id", record.getString("class_schedule_id"))
      .put("student_id", record.getString("student_id")).put("attended", record.getBoolean("attended"))
      .put("marked_by", record.getString("marked_by")).put("marked_at", record.getString("marked_at"));
  }

  private static ApiError scheduleNotFound() {
    return ErrorCode.ATTENDANCE_SCHEDULE_NOT_FOUND.error("Schedule not found");
  }

  private static ApiError notMarked() {
    return ErrorCode.ATTENDANCE_NOT_FOUND.error("No attendance was marked for this student in this class; use POST to mark it");
  }
}
