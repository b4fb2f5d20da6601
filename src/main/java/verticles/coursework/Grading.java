package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.NotifyClient;
import verticles.bus.Outbox;
import verticles.bus.Reply;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Grading (issue 17, "what teachers expect next"): staff of the course score a submission from 0 to the assignment's
 * points and may add feedback; the submission becomes GRADED (final for the student; staff may grade it again). In the
 * grade's transaction the {@code submission.graded} event and the {@code submission-graded} email to the student
 * ({@code bus/Outbox.email}) are written, in the student's language: the one of their latest registration for the
 * course ({@code enrollment.enrollments.language}, approved ones first), Indonesian without one.
 */
final class Grading {
  static final String TEMPLATE = "submission-graded";

  private final Pool db;
  private final Lookups lookups;
  private final AssignmentViews views;
  private final Runnable flush;

  Grading(Pool db, Lookups lookups, AssignmentViews views, Runnable flush) {
    this.db = db;
    this.lookups = lookups;
    this.views = views;
    this.flush = flush;
  }

  /**
   * POST /api/submissions/{id}/grade {score (0–points), feedback?} → 200 the GRADED submission with its assignment and
   * user. Unknown submission → 404; an instructor of another course → 403; a score above the assignment's points → 400
   * naming {@code score} with {@code details.points} (checked against the assignment row, share-locked in the grading
   * transaction, so a concurrent change of its points cannot slip between the check and the grade).
   */
  Future<Reply> grade(BusRequest req) {
    Caller caller = req.user();
    int score = req.body().getInteger("score");
    String feedback = req.body().getString("feedback");
    return Submissions.load(db, req.pathParam("id")).compose(row -> {
      String courseId = row.getUUID("a_course_id").toString(), studentId = row.getUUID("student_id").toString();
      Future<Void> allowed = lookups.policy().require(caller, courseId, "You can only grade submissions of courses you teach");
      return allowed.compose(v -> {
        // what the email says, asked before the transaction (no lock is held while other verticles answer)
        Future<Map<String, JsonObject>> student = lookups.users(List.of(studentId));
        Future<JsonObject> course = lookups.course(courseId).recover(e -> {
          ApiError error = ApiError.from(e);
          return error != null && error.status() == 404 ? Future.succeededFuture(null) : Future.failedFuture(e);
        });
        Future<String> language = lookups.language(studentId, courseId);
        return Future.all(student, course, language).map(done -> new Recipient(student.result().get(studentId),
          course.result() == null ? null : course.result().getString("title"), language.result()));
      }).compose(to -> db.withTransaction(conn -> conn.preparedQuery(CourseworkSql.POINTS_FOR_GRADING).execute(Tuple.of(row.getUUID("id")))
        .compose(locked -> {
          if (locked.size() == 0) return Future.failedFuture(Access.submissionNotFound());
          int points = locked.iterator().next().getInteger("points");
          if (score > points) return Future.failedFuture(tooHigh(points));
          return conn.preparedQuery(CourseworkSql.GRADE)
            .execute(Tuple.of(row.getUUID("id"), score, feedback, UUID.fromString(caller.id())))
            .compose(graded -> {
              JsonObject submission = AssignmentViews.submission(graded.iterator().next());
              JsonObject summary = views.summary(row).put("points", points);
              Future<Void> event = Outbox.add(conn, CourseworkSql.SCHEMA, "submission.graded",
                AssignmentViews.event(submission, courseId).put("points", points), caller.id());
              return event.compose(v -> to.account() == null ? Future.succeededFuture()
                  : Outbox.email(conn, CourseworkSql.SCHEMA, email(to, summary, submission), caller.id()))
                .map(v -> submission.put("assignment", summary));
            });
        })).compose(submission -> Submissions.withUsers(lookups, new JsonArray().add(submission)))
        .map(list -> list.getJsonObject(0)));
    }).map(submission -> {
      flush.run();
      return Reply.ok(submission, "Submission graded successfully");
    });
  }

  /** The student to email (null when auth no longer knows the account: then nobody is emailed). */
  private record Recipient(JsonObject account, String courseTitle, String language) {
  }

  private static JsonObject email(Recipient to, JsonObject assignment, JsonObject submission) {
    return NotifyClient.email(TEMPLATE, to.account().getString("email"), to.language(), new JsonObject()
      .put("name", to.account().getString("full_name"))
      .put("course_title", to.courseTitle())
      .put("assignment_title", assignment.getString("title"))
      .put("score", String.valueOf(submission.getInteger("score")))
      .put("points", String.valueOf(assignment.getInteger("points")))
      .put("feedback", submission.getString("feedback"))
      .put("graded_at", submission.getString("graded_at")));
  }

  private static ApiError tooHigh(int points) {
    String why = "must be between 0 and " + points + ", the assignment's points";
    return ErrorCode.VALIDATION_ERROR.error("Invalid request: 'score' " + why,
      ApiError.fieldDetails("score", ErrorCode.VALIDATION_ERROR.name(), why).put("points", points));
  }
}
