package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.LocalTimes;
import verticles.bus.Outbox;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.Values;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Assignments (issue 17, seed 003 §7.3): created, changed and soft-deleted by the staff of their course, listed for
 * staff with their submission counts. Due dates follow the time-zone rule of seed 003 §7.1 ({@link LocalTimes#field}).
 * <p>
 * An assignment is <em>published</em> the first time it is ACTIVE (created ACTIVE, or a DRAFT changed to ACTIVE): in
 * that transaction {@code published_at} is set and the event {@code assignment.published} written to the outbox (the
 * announcement job reads {@code published_at IS NOT NULL AND announced_at IS NULL}). Back to DRAFT and ACTIVE again is
 * not a second publication. Moving the due date re-arms its reminder ({@code reminded_at = NULL}).
 */
final class Assignments {
  private final Pool db;
  private final Lookups lookups;
  private final Access access;
  private final AssignmentViews views;
  private final LocalTimes times;
  private final Runnable flush;

  Assignments(Pool db, Lookups lookups, Access access, AssignmentViews views, LocalTimes times, Runnable flush) {
    this.db = db;
    this.lookups = lookups;
    this.access = access;
    this.views = views;
    this.times = times;
    this.flush = flush;
  }

  /**
   * POST /api/assignments {title (5–200), description, course_id, due_date, points (1–1000), resource_url?, status?
   * (DRAFT | ACTIVE, default ACTIVE as in the seed), allow_late? (false)} → 201 the assignment. Admins for any existing
   * course (else 404 COURSE_NOT_FOUND), instructors for the courses they teach (else 403). A due date without an
   * offset is academy time; an invalid one → 400 VALIDATION_INVALID_DATE naming {@code due_date}.
   */
  Future<Reply> create(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    String courseId = body.getString("course_id");
    String title = Fields.title(body.getString("title"));
    OffsetDateTime due = times.field("due_date", body.getString("due_date"));
    String resourceUrl = Fields.url("resource_url", body.getString("resource_url"));
    String status = body.getString("status", "ACTIVE");
    Tuple values = Tuple.tuple().addUUID(UUID.fromString(courseId)).addString(title)
      .addString(body.getString("description", "")).addOffsetDateTime(due).addInteger(body.getInteger("points"))
      .addString(resourceUrl).addString(status).addBoolean(body.getBoolean("allow_late", false))
      .addUUID(UUID.fromString(caller.id()));
    return access.manage(caller, courseId, "You can only create assignments for courses you teach")
      .compose(v -> db.withTransaction(conn -> conn.preparedQuery(CourseworkSql.ASSIGNMENT_INSERT).execute(values)
        .compose(rows -> {
          JsonObject assignment = views.assignment(rows.iterator().next(), true);
          if (assignment.getString("published_at") == null) return Future.succeededFuture(assignment);
          return Outbox.add(conn, CourseworkSql.SCHEMA, "assignment.published", AssignmentViews.published(assignment), caller.id())
            .map(assignment);
        })))
      .map(assignment -> {
        flush.run();
        return Reply.created(assignment, "Assignment created successfully");
      });
  }

  /**
   * GET /api/assignments (admin: every course; instructor: the courses they teach) filters {@code status} (ACTIVE,
   * EXPIRED, DRAFT, DELETED; without it every status but DELETED), {@code course_id}, {@code search} (title or
   * description, case-insensitive substring), {@code page}, {@code limit} → {assignments: [… with submission_count],
   * pagination}, by due date. Filters only narrow the caller's courses: another instructor's course lists nothing.
   */
  Future<Reply> list(BusRequest req) {
    JsonObject q = req.query();
    Page page = Page.of(req);
    return lookups.policy().courseIds(req.user()).compose(scope -> {
      Tuple filters = Tuple.tuple().addString(q.getString("status")).addArrayOfUUID(scope)
        .addUUID(Values.uuidOrNull(q.getString("course_id"))).addString(Fields.containing(q.getString("search")));
      Tuple paged = copy(filters).addInteger(page.limit()).addLong(page.offset());
      Future<RowSet<Row>> rows = db.preparedQuery(CourseworkSql.ASSIGNMENTS_PAGE).execute(paged);
      Future<RowSet<Row>> count = db.preparedQuery(CourseworkSql.ASSIGNMENTS_COUNT).execute(filters);
      return Future.all(rows, count).map(done -> {
        JsonArray assignments = new JsonArray();
        for (Row row : rows.result()) assignments.add(views.assignment(row, true));
        return Reply.ok(new JsonObject().put("assignments", assignments)
          .put("pagination", page.pagination(count.result().iterator().next().getLong("total"))));
      });
    });
  }

  /**
   * GET /api/assignments/course/{courseId} → [assignments] by due date. Staff of the course: every assignment but the
   * DELETED ones (or those of {@code status}), with submission_count. An approved student of the course: the published
   * ones (ACTIVE and EXPIRED; {@code status} narrows to one of them), each with {@code submission_status}
   * (NOT_SUBMITTED, SUBMITTED, LATE, GRADED) and {@code my_submission} (theirs, with score and feedback once graded,
   * or null). Anyone else 403; an unknown course named by an admin 404.
   */
  Future<Reply> ofCourse(BusRequest req) {
    Caller caller = req.user();
    String courseId = req.pathParam("courseId");
    String status = req.query().getString("status");
    return access.course(caller, courseId).compose(view -> {
      if (view == Access.View.STAFF) {
        return db.preparedQuery(CourseworkSql.COURSE_ASSIGNMENTS).execute(Tuple.of(status, UUID.fromString(courseId)))
          .map(rows -> {
            JsonArray list = new JsonArray();
            for (Row row : rows) list.add(views.assignment(row, true));
            return Reply.ok(list);
          });
      }
      return db.preparedQuery(CourseworkSql.STUDENT_COURSE_ASSIGNMENTS)
        .execute(Tuple.of(UUID.fromString(courseId), UUID.fromString(caller.id())))
        .map(rows -> {
          JsonArray list = new JsonArray();
          for (Row row : rows) {
            JsonObject assignment = withOwn(views.assignment(row, false), row);
            if (status == null || status.equals(assignment.getString("status"))) list.add(assignment);
          }
          return Reply.ok(list);
        });
    });
  }

  /** A student's view of an assignment: their submission ({@code my_} columns) and its status. */
  private static JsonObject withOwn(JsonObject assignment, Row row) {
    JsonObject mine = row.getUUID("my_id") == null ? null : AssignmentViews.submission(row, "my_");
    return assignment.put("submission_status", mine == null ? "NOT_SUBMITTED" : mine.getString("status"))
      .put("my_submission", mine);
  }

  /**
   * GET /api/assignments/{id}: staff of its course see it with every submission (each with its student {id, name,
   * email}) and submission_count; an approved student of its course sees a published one with only their own
   * submission in {@code submissions} and its {@code submission_status}. DRAFT or DELETED → 404 for students; not
   * enrolled or another instructor's course → 403.
   */
  Future<Reply> get(BusRequest req) {
    Caller caller = req.user();
    return load(req.pathParam("id")).compose(row -> access.assignment(caller, row.getUUID("course_id").toString(),
      row.getString("stored_status")).compose(view -> {
        boolean staff = view == Access.View.STAFF;
        UUID only = staff ? null : UUID.fromString(caller.id());
        return db.preparedQuery(CourseworkSql.ASSIGNMENT_SUBMISSIONS).execute(Tuple.of(row.getUUID("id"), only))
          .compose(rows -> {
            JsonArray submissions = new JsonArray();
            for (Row s : rows) submissions.add(AssignmentViews.submission(s));
            return Submissions.withUsers(lookups, submissions);
          })
          .map(submissions -> {
            JsonObject assignment = views.assignment(row, staff).put("submissions", submissions);
            if (!staff) {
              assignment.put("submission_status", submissions.isEmpty() ? "NOT_SUBMITTED"
                : submissions.getJsonObject(0).getString("status"));
            }
            return Reply.ok(assignment);
          });
      }));
  }

  /**
   * PUT /api/assignments/{id}: partial — title, description, due_date, points, resource_url (null clears it), status
   * (DRAFT | ACTIVE), allow_late; the course never changes. Staff of its course only (403); DELETED or unknown → 404.
   * Points below a score already given → 400 naming {@code points} (the assignment row is locked while the highest
   * score is read, and gradings share-lock it, so no grade slips past the check).
   */
  Future<Reply> update(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    String title = body.containsKey("title") ? Fields.title(body.getString("title")) : null;
    OffsetDateTime due = body.containsKey("due_date") ? times.field("due_date", body.getString("due_date")) : null;
    boolean urlGiven = body.containsKey("resource_url");
    String resourceUrl = Fields.url("resource_url", body.getString("resource_url"));
    Integer points = body.getInteger("points");
    return live(req.pathParam("id"))
      .compose(row -> access.manage(caller, row.getUUID("course_id").toString(), "You can only change assignments of courses you teach")
        .map(row.getUUID("id")))
      .compose(id -> db.withTransaction(conn -> conn.preparedQuery(CourseworkSql.ASSIGNMENT_LOCK).execute(Tuple.of(id))
        .compose(locked -> {
          if (locked.size() == 0) return Future.failedFuture(Access.assignmentNotFound());
          boolean wasPublished = locked.iterator().next().getOffsetDateTime("published_at") != null;
          Future<Void> pointsOk = points == null ? Future.succeededFuture()
            : conn.preparedQuery(CourseworkSql.HIGHEST_SCORE).execute(Tuple.of(id)).compose(rows -> {
              Integer highest = rows.iterator().next().getInteger("highest");
              if (highest == null || highest <= points) return Future.succeededFuture();
              return Future.failedFuture(ErrorCode.VALIDATION_ERROR.error(
                "Invalid request: 'points' must be at least " + highest + ", the highest score already given",
                verticles.bus.ApiError.fieldDetails("points", ErrorCode.VALIDATION_ERROR.name(),
                  "must be at least " + highest + ", the highest score already given").put("highest_score", highest)));
            });
          Tuple changes = Tuple.tuple().addUUID(id).addString(title).addString(body.getString("description"))
            .addOffsetDateTime(due).addInteger(points).addBoolean(urlGiven).addString(resourceUrl)
            .addString(body.getString("status")).addBoolean(body.getBoolean("allow_late"));
          return pointsOk.compose(v -> conn.preparedQuery(CourseworkSql.ASSIGNMENT_UPDATE).execute(changes)).compose(rows -> {
            JsonObject assignment = views.assignment(rows.iterator().next(), true);
            if (wasPublished || assignment.getString("published_at") == null) return Future.succeededFuture(assignment);
            return Outbox.add(conn, CourseworkSql.SCHEMA, "assignment.published", AssignmentViews.published(assignment), caller.id())
              .map(assignment);
          });
        })))
      .map(assignment -> {
        flush.run();
        return Reply.ok(assignment, "Assignment updated successfully");
      });
  }

  /**
   * DELETE /api/assignments/{id}: soft delete (status DELETED; submissions and grades kept, staff still read it with
   * {@code status=DELETED}; students no longer see it). Staff of its course only; already deleted or unknown → 404.
   */
  Future<Reply> delete(BusRequest req) {
    Caller caller = req.user();
    return live(req.pathParam("id"))
      .compose(row -> access.manage(caller, row.getUUID("course_id").toString(), "You can only delete assignments of courses you teach")
        .map(row.getUUID("id")))
      .compose(id -> db.preparedQuery(CourseworkSql.ASSIGNMENT_DELETE).execute(Tuple.of(id)))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(Access.assignmentNotFound())
        : Future.succeededFuture(Reply.message("Assignment deleted successfully")));
  }

  /** The assignment's row in any state, or 404 ASSIGNMENT_NOT_FOUND. */
  private Future<Row> load(String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(Access.assignmentNotFound());
    return db.preparedQuery(CourseworkSql.ASSIGNMENT_BY_ID).execute(Tuple.of(uuid)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(Access.assignmentNotFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  /** {@link #load}, but a DELETED assignment is not found either (it can no longer be changed). */
  private Future<Row> live(String id) {
    return load(id).compose(row -> "DELETED".equals(row.getString("stored_status"))
      ? Future.failedFuture(Access.assignmentNotFound()) : Future.succeededFuture(row));
  }

  static Tuple copy(Tuple tuple) {
    Tuple copy = Tuple.tuple();
    for (int i = 0; i < tuple.size(); i++) copy.addValue(tuple.getValue(i));
    return copy;
  }
}
