package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.Iso;
import verticles.bus.Outbox;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The due-date reminder (issue 17): {@code coursework.reminder_lead_minutes} (24 h by default) before an ACTIVE,
 * announced assignment is due, each approved student of its course who has not submitted it gets one {@code
 * assignment-reminder} email in their language, under the dedupe key {@code
 * assignment-reminder:<assignment_id>:<student_id>:<due epoch second>}. The first time notify holds every one, the
 * assignment is marked ({@code reminded_at}, a compare-and-set on the due date as read) and {@code assignment.reminder}
 * is written to the outbox by the same statement, so it is published once, after commit. Until then the assignment
 * stays due and the next run hands over only what is missing; a run on another node or after a restart sends nobody a
 * second one.
 * <p>
 * The due date is in the key because moving it re-arms the reminder (the API clears {@code reminded_at}): the students
 * hear the new date. Past-due assignments are not reminded; nor are assignments not announced yet (the announcement
 * goes first); nor are students approved after the reminder went out (they see the assignment in their list).
 */
final class DueDateReminders {
  private static final Logger LOG = LoggerFactory.getLogger(DueDateReminders.class);
  static final String TEMPLATE = "assignment-reminder";

  private final Pool db;
  private final Mailing mailing;
  private final Outbox outbox;
  private final int leadMinutes;

  DueDateReminders(Pool db, Mailing mailing, Outbox outbox, int leadMinutes) {
    this.db = db;
    this.mailing = mailing;
    this.outbox = outbox;
    this.leadMinutes = leadMinutes;
  }

  /** The dedupe key of a student's reminder of an assignment due at {@code due}. */
  static String key(String assignmentId, String studentId, OffsetDateTime due) {
    return "assignment-reminder:" + assignmentId + ":" + studentId + ":" + due.toEpochSecond();
  }

  private enum Outcome { REMINDED, UNCHANGED, POSTPONED }

  /**
   * One run (the caller holds the lock) → {reminded: assignments marked now, emails: emails handed to notify,
   * postponed: assignments left for the next run because a lookup or an email's hand-over failed}.
   */
  Future<JsonObject> run() {
    return db.preparedQuery(CourseworkSql.DUE_REMINDERS).execute(Tuple.of(leadMinutes)).compose(rows -> {
      List<Row> due = new ArrayList<>();
      rows.forEach(due::add);
      JsonObject result = new JsonObject().put("reminded", 0).put("emails", 0).put("postponed", 0);
      Future<Void> chain = Future.succeededFuture();
      for (Row row : due) {
        chain = chain.compose(v -> remind(row, result).map(outcome -> {
          if (outcome == Outcome.REMINDED) result.put("reminded", result.getInteger("reminded") + 1);
          if (outcome == Outcome.POSTPONED) result.put("postponed", result.getInteger("postponed") + 1);
          return null;
        }));
      }
      return chain.map(result).onSuccess(r -> {
        if (r.getInteger("reminded") > 0) outbox.flush(); // the assignment.reminder events just written
      });
    });
  }

  private Future<Outcome> remind(Row row, JsonObject result) {
    String assignmentId = row.getUUID("id").toString();
    OffsetDateTime dueDate = row.getOffsetDateTime("due_date");
    Future<Map<String, String>> students = mailing.students(row.getUUID("course_id").toString());
    Future<Set<String>> submitted = db.preparedQuery(CourseworkSql.SUBMITTERS).execute(Tuple.of(row.getUUID("id"))).map(rows -> {
      Set<String> ids = new HashSet<>();
      for (Row r : rows) ids.add(r.getUUID("student_id").toString());
      return ids;
    });
    return Future.all(students, submitted)
      .compose(found -> {
        Map<String, String> notYet = new LinkedHashMap<>(students.result());
        notYet.keySet().removeAll(submitted.result());
        Map<String, String> keys = new LinkedHashMap<>();
        for (String student : notYet.keySet()) keys.put(student, key(assignmentId, student, dueDate));
        return mailing.handOver(TEMPLATE, row, notYet, keys).compose(handed -> {
          result.put("emails", result.getInteger("emails") + handed);
          JsonObject event = new JsonObject()
            .put("assignment_id", assignmentId)
            .put("course_id", row.getUUID("course_id").toString())
            .put("title", row.getString("title"))
            .put("due_date", Iso.of(dueDate))
            .put("lead_minutes", leadMinutes)
            .put("student_ids", new JsonArray(new ArrayList<>(notYet.keySet())));
          return db.preparedQuery(CourseworkSql.MARK_REMINDED).execute(Tuple.of(row.getUUID("id"), dueDate, event));
        });
      })
      .map(marked -> marked.rowCount() == 1 ? Outcome.REMINDED : Outcome.UNCHANGED)
      .otherwise(e -> {
        LOG.warn("Due-date reminder of assignment {} postponed to the next run: {}", assignmentId, e.getMessage());
        return Outcome.POSTPONED;
      });
  }
}
