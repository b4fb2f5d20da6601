package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The announcement of a published assignment (issue 17, "assignment.published emails the course's approved
 * students"): every assignment that is ACTIVE, published ({@code published_at}, set by the API when it first becomes
 * ACTIVE) and not yet announced gets an {@code assignment-published} email to each approved student of its course, in
 * the student's language, under the dedupe key {@code assignment-published:<assignment_id>:<student_id>}. The first
 * time notify holds every one, the assignment is marked ({@code announced_at}, a compare-and-set on "not announced and
 * still ACTIVE"); until then it stays due and the next run hands over only what notify does not hold. So a node that
 * dies mid-run loses no email and nobody gets one twice, also when an assignment is taken back to DRAFT and published
 * again.
 * <p>
 * Decisions: students approved after the announcement went out get no email (they find the assignment in their
 * course's list); an assignment published when already past its due date without late submissions is marked with no
 * email (there is nothing left to do for a student). The {@code assignment.published} event itself is the API's
 * (written to the outbox with the change). Runs are serialised across the cluster by {@link Jobs}' lock.
 */
final class Announcements {
  private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);
  static final String TEMPLATE = "assignment-published";

  private final Pool db;
  private final Mailing mailing;

  Announcements(Pool db, Mailing mailing) {
    this.db = db;
    this.mailing = mailing;
  }

  /** The dedupe key of a student's announcement of an assignment. */
  static String key(String assignmentId, String studentId) {
    return "assignment-published:" + assignmentId + ":" + studentId;
  }

  /** What a run did for one assignment. */
  private enum Outcome { ANNOUNCED, UNCHANGED, POSTPONED }

  /**
   * One run (the caller holds the lock) → {announced: assignments marked now, emails: emails handed to notify,
   * postponed: assignments left for the next run because a lookup or an email's hand-over failed}. One assignment
   * after the other, so a backlog does not ask notify for thousands of emails at once.
   */
  Future<JsonObject> run() {
    return db.preparedQuery(CourseworkSql.DUE_ANNOUNCEMENTS).execute().compose(rows -> {
      List<Row> due = new ArrayList<>();
      rows.forEach(due::add);
      JsonObject result = new JsonObject().put("announced", 0).put("emails", 0).put("postponed", 0);
      Future<Void> chain = Future.succeededFuture();
      for (Row row : due) {
        chain = chain.compose(v -> announce(row, result).map(outcome -> {
          if (outcome == Outcome.ANNOUNCED) result.put("announced", result.getInteger("announced") + 1);
          if (outcome == Outcome.POSTPONED) result.put("postponed", result.getInteger("postponed") + 1);
          return null;
        }));
      }
      return chain.map(result);
    });
  }

  private Future<Outcome> announce(Row row, JsonObject result) {
    String assignmentId = row.getUUID("id").toString();
    Future<Integer> emailed;
    if (row.getBoolean("past_due") && !row.getBoolean("allow_late")) {
      emailed = Future.succeededFuture(0); // nothing left for a student to do
    } else {
      emailed = mailing.students(row.getUUID("course_id").toString()).compose(students -> {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String student : students.keySet()) keys.put(student, key(assignmentId, student));
        return mailing.handOver(TEMPLATE, row, students, keys);
      });
    }
    return emailed
      .compose(handed -> {
        result.put("emails", result.getInteger("emails") + handed);
        return db.preparedQuery(CourseworkSql.MARK_ANNOUNCED).execute(Tuple.of(row.getUUID("id")));
      })
      .map(marked -> marked.rowCount() == 1 ? Outcome.ANNOUNCED : Outcome.UNCHANGED)
      .otherwise(e -> {
        LOG.warn("Announcement of assignment {} postponed to the next run: {}", assignmentId, e.getMessage());
        return Outcome.POSTPONED;
      });
  }
}
