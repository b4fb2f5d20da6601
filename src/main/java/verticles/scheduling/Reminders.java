package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.Events;
import verticles.bus.NotifyClient;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The class reminders (issue 15: {@code class-reminder} to every approved student of a class, once per class and
 * student, even across nodes and restarts). A run takes the live classes starting within the lead time that are not
 * marked reminded, and for each one hands every student's email to notify with a dedupe key of its own
 * ({@code class-reminder:<schedule_id>:<student_id>:<start epoch second>}). Only when notify accepted every one is
 * the class marked ({@code reminded_at}) and {@code schedule.reminder} published; otherwise the class stays due and
 * the next run hands the emails over again, which the dedupe key makes harmless. So a node that dies mid-run loses
 * nothing, and a student's email is never sent twice. The start time is part of the key because moving a class
 * re-arms its reminder: the students then hear the new time.
 * <p>
 * Runs are serialised across the cluster by the caller's lock; the mark is a compare-and-set on the class's start,
 * so a class moved or cancelled during the run is not marked with its old time.
 */
final class Reminders {
  private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);

  private final Pool db;
  private final Lookups lookups;
  private final ScheduleViews views;
  private final Events events;
  private final NotifyClient notify;
  private final int leadMinutes;

  Reminders(Pool db, Lookups lookups, ScheduleViews views, Events events, NotifyClient notify, int leadMinutes) {
    this.db = db;
    this.lookups = lookups;
    this.views = views;
    this.events = events;
    this.notify = notify;
    this.leadMinutes = leadMinutes;
  }

  /**
   * One run (the caller holds the cluster-wide lock) → {reminded: classes marked now, postponed: classes left for the
   * next run because a roster, a lookup or an email's hand-over failed}.
   */
  Future<JsonObject> run() {
    return db.preparedQuery(SchedulingSql.DUE_REMINDERS).execute(Tuple.of(leadMinutes)).compose(rows -> {
      List<Future<Boolean>> classes = new ArrayList<>();
      for (Row row : rows) classes.add(remind(row));
      return Future.join(classes).map(done -> { // each class's own failure is already its "false"
        int reminded = 0;
        for (Future<Boolean> c : classes) if (Boolean.TRUE.equals(c.result())) reminded++;
        return new JsonObject().put("reminded", reminded).put("postponed", classes.size() - reminded);
      });
    });
  }

  /** One class: true once every student's email was accepted and the class is marked (by this run). */
  private Future<Boolean> remind(Row row) {
    JsonObject data = Schedules.eventOf(row).put("lead_minutes", leadMinutes);
    String scheduleId = data.getString("schedule_id");
    OffsetDateTime start = row.getOffsetDateTime("start_time");
    JsonObject record = new JsonObject().put("id", scheduleId).put("series_id", data.getString("series_id"));
    return views.roster(record)
      .compose(students -> emails(row, data, students).map(students))
      .compose(students -> db.preparedQuery(SchedulingSql.MARK_REMINDED).execute(Tuple.of(row.getUUID("id"), start))
        .map(marked -> {
          if (marked.rowCount() == 0) return false; // moved, cancelled or reminded meanwhile: not this run's to announce
          events.publish("schedule.reminder", data.put("student_ids", new JsonArray(new ArrayList<>(students))), "system");
          return true;
        }))
      .otherwise(e -> {
        LOG.warn("Reminder of class {} postponed to the next run: {}", scheduleId, e.getMessage());
        return false;
      });
  }

  /**
   * Hands each student's reminder to notify; fails unless every hand-over succeeded. Students without a live account
   * any more are skipped (nobody to write to).
   */
  private Future<Void> emails(Row row, JsonObject data, Set<String> students) {
    if (students.isEmpty()) return Future.succeededFuture();
    Set<String> people = new LinkedHashSet<>(students);
    people.add(data.getString("instructor_id"));
    Future<Map<String, JsonObject>> users = lookups.users(people);
    Future<Map<String, JsonObject>> courses = lookups.courses(List.of(data.getString("course_id")));
    return Future.all(users, courses).compose(found -> {
      JsonObject course = courses.result().get(data.getString("course_id"));
      JsonObject instructor = users.result().get(data.getString("instructor_id"));
      List<Future<String>> handed = new ArrayList<>();
      for (String studentId : students) {
        JsonObject student = users.result().get(studentId);
        if (student == null) continue;
        JsonObject email = NotifyClient.email("class-reminder", student.getString("email"), null, new JsonObject()
            .put("name", student.getString("full_name"))
            .put("course_title", course == null ? null : course.getString("title"))
            .put("class_start", data.getString("start_time"))
            .put("class_end", data.getString("end_time"))
            .put("room_name", row.getString("room_name"))
            .put("instructor_name", instructor == null ? null : instructor.getString("full_name")))
          .put("dedupe_key", "class-reminder:" + data.getString("schedule_id") + ":" + studentId + ":"
            + row.getOffsetDateTime("start_time").toEpochSecond());
        handed.add(notify.enqueue(email));
      }
      return Future.join(handed).transform(done -> {
        long failed = handed.stream().filter(Future::failed).count();
        if (failed == 0) return Future.succeededFuture();
        Throwable first = handed.stream().filter(Future::failed).findFirst().orElseThrow().cause();
        return Future.failedFuture(new IllegalStateException(failed + " of " + handed.size()
          + " reminder emails not accepted by notify (" + first.getMessage() + ")"));
      });
    });
  }
}
