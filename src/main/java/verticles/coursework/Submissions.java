package verticles.coursework;

import io.vertx.core.Future;
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
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Languages;
import verticles.bus.LocalTimes;
import verticles.bus.Outbox;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Submissions (issue 17, seed 003 §7.4): one per student and assignment (the database's unique constraint), a link
 * ({@code file_url}, http/https) and optional text, handed in by a student with an approved enrollment in the course.
 * <p>
 * <b>The due date is the last instant that is on time</b>: submitted at or before it → SUBMITTED; after it (now() &gt;
 * due_date on the database clock, read under a share lock of the assignment) → 400 SUBMISSION_PAST_DUE, or LATE
 * ({@code late: true}) when the assignment allows late work. A graded submission is final: replacing or changing it is
 * 409 SUBMISSION_ALREADY_GRADED. Events {@code submission.created} (a new row) and {@code submission.updated} (a
 * replaced or changed link) go to the outbox in the submission's transaction.
 */
final class Submissions {
  /** {@code /me} shows at most this many, latest first. */
  static final int MINE_MAX = 1000;

  private final Pool db;
  private final Lookups lookups;
  private final Access access;
  private final AssignmentViews views;
  private final LocalTimes times;
  private final Runnable flush;

  Submissions(Pool db, Lookups lookups, Access access, AssignmentViews views, LocalTimes times, Runnable flush) {
    this.db = db;
    this.lookups = lookups;
    this.access = access;
    this.views = views;
    this.times = times;
    this.flush = flush;
  }

  /**
   * POST /api/submissions/{id} ({@code id} = the assignment) {file_url, content?} by a student: 201 with the new
   * submission (SUBMITTED, or LATE when past due and late work is allowed), 200 with the replaced one when the student
   * had submitted already (a resubmission replaces link and content; 20 at once still leave one row). Unknown, DRAFT or
   * DELETED assignment → 404; no approved enrollment in its course → 403; past due → 400 SUBMISSION_PAST_DUE; graded →
   * 409 SUBMISSION_ALREADY_GRADED.
   */
  Future<Reply> submit(BusRequest req) {
    Caller caller = req.user();
    String fileUrl = Fields.url("file_url", req.body().getString("file_url"));
    String content = req.body().getString("content");
    UUID assignmentId = Values.uuidOrNull(req.pathParam("id"));
    if (assignmentId == null) return Future.failedFuture(Access.assignmentNotFound());
    UUID student = UUID.fromString(caller.id());
    return db.preparedQuery(CourseworkSql.ASSIGNMENT_BY_ID).execute(Tuple.of(assignmentId))
      .compose(rows -> rows.size() == 0 || !"ACTIVE".equals(rows.iterator().next().getString("stored_status"))
        ? Future.failedFuture(Access.assignmentNotFound()) : Future.succeededFuture(rows.iterator().next()))
      .compose(assignment -> access.enrolled(caller, assignment.getUUID("course_id").toString()))
      .compose(v -> db.withTransaction(conn -> onTime(conn, assignmentId).compose(late -> conn.preparedQuery(CourseworkSql.SUBMIT)
        .execute(Tuple.of(assignmentId, student, fileUrl, content, late.status(), late.late()))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(alreadyGraded());
          Row row = rows.iterator().next();
          JsonObject submission = AssignmentViews.submission(row);
          boolean inserted = row.getBoolean("inserted");
          return Outbox.add(conn, CourseworkSql.SCHEMA, inserted ? "submission.created" : "submission.updated",
              AssignmentViews.event(submission, late.courseId()), caller.id())
            .map(done -> inserted ? Reply.created(submission, "Submission created successfully")
              : new Reply(200, submission, "Submission file updated successfully"));
        }))))
      .onSuccess(reply -> flush.run());
  }

  /** The time verdict of a submission now, under a share lock of its assignment: SUBMITTED or LATE. */
  private record Timing(String status, boolean late, String courseId) {
  }

  /**
   * Locks the assignment for share until the submission commits (its due date, status and points cannot change
   * meanwhile) and decides on the database clock: not published (any more) → 404; past due without late work → 400.
   */
  private Future<Timing> onTime(SqlConnection conn, UUID assignmentId) {
    return conn.preparedQuery(CourseworkSql.ASSIGNMENT_FOR_SUBMISSION).execute(Tuple.of(assignmentId)).compose(rows -> {
      if (rows.size() == 0 || !"ACTIVE".equals(rows.iterator().next().getString("status"))) {
        return Future.failedFuture(Access.assignmentNotFound());
      }
      Row a = rows.iterator().next();
      boolean pastDue = a.getBoolean("past_due");
      if (pastDue && !a.getBoolean("allow_late")) {
        var due = a.getOffsetDateTime("due_date");
        return Future.failedFuture(ErrorCode.SUBMISSION_PAST_DUE.error("Assignment due date has passed",
          new JsonObject().put("due_date", Iso.of(due)).put("due_date_local", times.dateTime(due.toInstant(), Languages.INDONESIAN))));
      }
      return Future.succeededFuture(new Timing(pastDue ? "LATE" : "SUBMITTED", pastDue, a.getUUID("course_id").toString()));
    });
  }

  /**
   * PATCH /api/submissions/{id} {file_url, content?} by its owner (another student → 403), still enrolled (403), before
   * the due date or when late work is allowed (the status becomes LATE then; else 400 SUBMISSION_PAST_DUE); graded →
   * 409; unknown, or its assignment DRAFT or DELETED → 404.
   */
  Future<Reply> update(BusRequest req) {
    Caller caller = req.user();
    String fileUrl = Fields.url("file_url", req.body().getString("file_url"));
    String content = req.body().getString("content");
    return load(req.pathParam("id")).compose(row -> {
      if (!row.getUUID("student_id").toString().equals(caller.id())) {
        return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only change your own submissions"));
      }
      if (!"ACTIVE".equals(row.getString("a_stored_status"))) return Future.failedFuture(Access.submissionNotFound());
      if ("GRADED".equals(row.getString("status"))) return Future.failedFuture(alreadyGraded());
      UUID id = row.getUUID("id"), assignmentId = row.getUUID("assignment_id");
      return access.enrolled(caller, row.getUUID("a_course_id").toString())
        .compose(v -> db.withTransaction(conn -> onTime(conn, assignmentId).compose(late -> conn.preparedQuery(CourseworkSql.SUBMISSION_UPDATE)
          .execute(Tuple.of(id, UUID.fromString(caller.id()), fileUrl, content, late.status(), late.late()))
          .compose(rows -> {
            if (rows.size() == 0) return Future.failedFuture(alreadyGraded());
            JsonObject submission = AssignmentViews.submission(rows.iterator().next());
            return Outbox.add(conn, CourseworkSql.SCHEMA, "submission.updated", AssignmentViews.event(submission, late.courseId()),
              caller.id()).map(submission);
          }))));
    }).map(submission -> {
      flush.run();
      return Reply.ok(submission, "Submission file updated successfully");
    });
  }

  /**
   * GET /api/submissions (admin: all; instructor: of the courses they teach) filters {@code status} (SUBMITTED, LATE,
   * GRADED), {@code assignment_id}, {@code user_id}, page, limit → {submissions: [… with assignment and user {id, name,
   * email}], pagination}, latest submitted first. Filters only narrow the caller's courses.
   */
  Future<Reply> list(BusRequest req) {
    JsonObject q = req.query();
    return lookups.policy().courseIds(req.user()).compose(scope -> page(req, new Filters(scope, q.getString("status"),
      Values.uuidOrNull(q.getString("assignment_id")), Values.uuidOrNull(q.getString("user_id")), null, true)));
  }

  /** GET /api/submissions/course/{courseId}: staff of the course (an instructor of another: 403; unknown course: 404). */
  Future<Reply> ofCourse(BusRequest req) {
    String courseId = req.pathParam("courseId");
    return access.manage(req.user(), courseId, "You can only see the submissions of courses you teach")
      .compose(v -> page(req, new Filters(null, req.query().getString("status"), null, null, UUID.fromString(courseId), true)));
  }

  /**
   * GET /api/submissions/user/{userId}: the student themself (their submissions to published assignments), an admin
   * (every submission; an unknown user 404), or an instructor the student is a student of (a submission in, or an
   * approved enrollment in, a course they teach) who sees those of their courses only. Anyone else 403 "You can only
   * view your own submissions".
   */
  Future<Reply> ofUser(BusRequest req) {
    Caller caller = req.user();
    String userId = req.pathParam("userId");
    if (caller.id().equals(userId)) return page(req, own(caller, req.query().getString("status")));
    ApiError forbidden = ErrorCode.AUTH_FORBIDDEN.error("You can only view your own submissions");
    UUID student = Values.uuidOrNull(userId);
    if (caller.is("student") || student == null) return Future.failedFuture(forbidden);
    String status = req.query().getString("status");
    if (caller.is("admin")) {
      return lookups.user(userId).compose(user -> page(req, new Filters(null, status, null, student, null, true)));
    }
    return lookups.policy().courseIds(caller).compose(scope -> db.preparedQuery(CourseworkSql.SUBMITTED_IN_COURSES)
      .execute(Tuple.tuple().addUUID(student).addArrayOfUUID(scope))
      .compose(rows -> rows.iterator().next().getBoolean("taught") ? Future.succeededFuture(true)
        : lookups.studentsOfInstructor(caller.id()).map(ids -> ids.contains(userId)))
      .compose(allowed -> allowed ? page(req, new Filters(scope, status, null, student, null, true)) : Future.failedFuture(forbidden)));
  }

  /**
   * GET /api/submissions/me (students) → [their submissions to published assignments, each with its assignment],
   * latest first, at most {@value #MINE_MAX}; score and feedback once graded.
   */
  Future<Reply> mine(BusRequest req) {
    Filters mine = own(req.user(), null);
    Tuple filters = mine.tuple();
    return db.preparedQuery(CourseworkSql.SUBMISSIONS_PAGE).execute(Assignments.copy(filters).addInteger(MINE_MAX).addLong(0L))
      .compose(this::withAssignmentsAndUsers)
      .map(Reply::ok);
  }

  /** The lists' filters (see {@link CourseworkSql#SUBMISSIONS_PAGE}). */
  private record Filters(UUID[] scope, String status, UUID assignment, UUID student, UUID course, boolean staffView) {
    Tuple tuple() {
      return Tuple.tuple().addArrayOfUUID(scope).addString(status).addUUID(assignment).addUUID(student).addUUID(course)
        .addBoolean(staffView);
    }
  }

  /** A student's own: submissions to published assignments only (DRAFT and DELETED ones are hidden from students). */
  private static Filters own(Caller caller, String status) {
    return new Filters(null, status, null, UUID.fromString(caller.id()), null, false);
  }

  private Future<Reply> page(BusRequest req, Filters filters) {
    Page page = Page.of(req);
    Tuple tuple = filters.tuple();
    Future<RowSet<Row>> rows = db.preparedQuery(CourseworkSql.SUBMISSIONS_PAGE)
      .execute(Assignments.copy(tuple).addInteger(page.limit()).addLong(page.offset()));
    Future<RowSet<Row>> count = db.preparedQuery(CourseworkSql.SUBMISSIONS_COUNT).execute(tuple);
    return Future.all(rows, count).compose(done -> withAssignmentsAndUsers(rows.result()))
      .map(list -> Reply.ok(new JsonObject().put("submissions", list)
        .put("pagination", page.pagination(count.result().iterator().next().getLong("total")))));
  }

  /** Rows of {@link CourseworkSql#SUBMISSIONS_PAGE} as submissions with {@code assignment} and {@code user}. */
  private Future<JsonArray> withAssignmentsAndUsers(RowSet<Row> rows) {
    JsonArray list = new JsonArray();
    for (Row row : rows) list.add(AssignmentViews.submission(row).put("assignment", views.summary(row)));
    return withUsers(lookups, list);
  }

  /** Adds each submission's student {id, name, email}, asking auth once for all of them. */
  static Future<JsonArray> withUsers(Lookups lookups, JsonArray submissions) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < submissions.size(); i++) ids.add(submissions.getJsonObject(i).getString("user_id"));
    return lookups.users(ids).map(users -> {
      for (int i = 0; i < submissions.size(); i++) {
        JsonObject submission = submissions.getJsonObject(i);
        String id = submission.getString("user_id");
        submission.put("user", AssignmentViews.user(id, users.get(id)));
      }
      return submissions;
    });
  }

  /** The submission with its assignment's summary, or 404 SUBMISSION_NOT_FOUND. */
  private Future<Row> load(String id) {
    return Submissions.load(db, id);
  }

  static Future<Row> load(Pool db, String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(Access.submissionNotFound());
    return db.preparedQuery(CourseworkSql.SUBMISSION_BY_ID).execute(Tuple.of(uuid)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(Access.submissionNotFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  static ApiError alreadyGraded() {
    return ErrorCode.SUBMISSION_ALREADY_GRADED.error("This submission has been graded and can no longer be changed");
  }
}
