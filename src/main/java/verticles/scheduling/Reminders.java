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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The class reminders (issue 15: {@code class-reminder} to every approved student of a class, once per class and
 * student, even across nodes and restarts, in the language of the student's registration). A run takes the live
 * classes that start within the lead time and have not started, and for each one hands every student notify holds no
 * reminder for yet their email, with a dedupe key of its own ({@code class-reminder:<schedule_id>:<student_id>:<start
 * epoch second>}; who has one is asked of notify by these keys). The first time notify accepted every one, the class
 * is marked ({@code reminded_at}) and {@code schedule.reminder} published; otherwise the class stays due and the next
 * run hands over what is missing. A marked class is checked again on every run until it starts, so a student placed
 * on it after its reminder went out (approved minutes before the class) gets theirs from the next run. So a node that
 * dies mid-run loses nothing, and a student's email is never sent twice. The start time is part of the key because
 * moving a class re-arms its reminder: the students then hear the new time.
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

  /** What a run did for one class: marked it reminded; reminded {@code late} students placed on it since; or neither. */
  private record Outcome(boolean marked, int late, boolean postponed) {
    static final Outcome POSTPONED = new Outcome(false, 0, true);
  }

  /**
   * One run (the caller holds the cluster-wide lock) → {reminded: classes marked now, late: students reminded of a
   * class marked before (placed on it since), postponed: classes left for the next run because a roster, a lookup or
   * an email's hand-over failed}.
   */
  Future<JsonObject> run() {
    return db.preparedQuery(SchedulingSql.DUE_REMINDERS).execute(Tuple.of(leadMinutes)).compose(rows -> {
      List<Future<Outcome>> classes = new ArrayList<>();
      for (Row row : rows) classes.add(remind(row));
      return Future.join(classes).map(done -> { // each class's own failure is already its POSTPONED
        int reminded = 0, late = 0, postponed = 0;
        for (Future<Outcome> c : classes) {
          if (c.result().marked()) reminded++;
          if (c.result().postponed()) postponed++;
          late += c.result().late();
        }
        return new JsonObject().put("reminded", reminded).put("late", late).put("postponed", postponed);
      });
    });
  }

  /** The dedupe key of a student's reminder of a class at its start. */
  private static String key(String scheduleId, String studentId, OffsetDateTime start) {
    return "class-reminder:" + scheduleId + ":" + studentId + ":" + start.toEpochSecond();
  }

  /** One class: its students without a reminder get theirs; the first time all have one, the class is marked. */
  private Future<Outcome> remind(Row row) {
    JsonObject data = Schedules.eventOf(row).put("lead_minutes", leadMinutes);
    String scheduleId = data.getString("schedule_id");
    OffsetDateTime start = row.getOffsetDateTime("start_time");
    boolean markedBefore = row.getOffsetDateTime("reminded_at") != null;
    JsonObject record = new JsonObject().put("id", scheduleId).put("series_id", data.getString("series_id"));
    return views.rosterWithLanguages(record)
      .compose(students -> {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String student : students.keySet()) keys.put(student, key(scheduleId, student, start));
        return notify.queuedKeys(keys.values()).compose(queued -> {
          Map<String, String> due = new LinkedHashMap<>(students);
          due.keySet().removeIf(student -> queued.contains(keys.get(student)));
          return emails(row, data, due);
        }).compose(handed -> markedBefore ? Future.succeededFuture(new Outcome(false, handed, false))
          : db.preparedQuery(SchedulingSql.MARK_REMINDED).execute(Tuple.of(row.getUUID("id"), start)).map(marked -> {
            if (marked.rowCount() == 0) return new Outcome(false, 0, false); // moved, cancelled or reminded meanwhile
            events.publish("schedule.reminder", data.put("student_ids", new JsonArray(new ArrayList<>(students.keySet()))), "system");
            return new Outcome(true, 0, false);
          }));
      })
      .otherwise(e -> {
        LOG.warn("Reminder of class {} postponed to the next run: {}", scheduleId, e.getMessage());
        return Outcome.POSTPONED;
      });
  }

  /**
   * Hands each student's reminder (student id → language) to notify → how many were handed; fails unless every
   * hand-over succeeded. Students without a live account any more are skipped (nobody to write to).
   */
  private Future<Integer> emails(Row row, JsonObject data, Map<String, String> students) {
    if (students.isEmpty()) return Future.succeededFuture(0);
    Set<String> people = new LinkedHashSet<>(students.keySet());
    people.add(data.getString("instructor_id"));
    Future<Map<String, JsonObject>> users = lookups.users(people);
    Future<Map<String, JsonObject>> courses = lookups.courses(List.of(data.getString("course_id")));
    return Future.all(users, courses).compose(found -> {
      JsonObject course = courses.result().get(data.getString("course_id"));
      JsonObject instructor = users.result().get(data.getString("instructor_id"));
      List<Future<String>> handed = new ArrayList<>();
      students.forEach((studentId, language) -> {
        JsonObject student = users.result().get(studentId);
        if (student == null) return;
        JsonObject email = NotifyClient.email("class-reminder", student.getString("email"), language, new JsonObject()
            .put("name", student.getString("full_name"))
            .put("course_title", course == null ? null : course.getString("title"))
            .put("class_start", data.getString("start_time"))
            .put("class_end", data.getString("end_time"))
            .put("room_name", row.getString("room_name"))
            .put("meeting_url", row.getString("meeting_url"))
            .put("instructor_name", instructor == null ? null : instructor.getString("full_name")))
          .put("dedupe_key", key(data.getString("schedule_id"), studentId, row.getOffsetDateTime("start_time")));
        handed.add(notify.enqueue(email));
      });
      return Future.join(handed).transform(done -> {
        long failed = handed.stream().filter(Future::failed).count();
        if (failed == 0) return Future.succeededFuture(handed.size());
        Throwable first = handed.stream().filter(Future::failed).findFirst().orElseThrow().cause();
        return Future.failedFuture(new IllegalStateException(failed + " of " + handed.size()
          + " reminder emails not accepted by notify (" + first.getMessage() + ")"));
      });
    });
  }
}
