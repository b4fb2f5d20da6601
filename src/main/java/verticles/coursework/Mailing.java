package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.AuthClient;
import verticles.bus.CatalogClient;
import verticles.bus.EnrollmentClient;
import verticles.bus.Iso;
import verticles.bus.NotifyClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the coursework jobs ask other verticles, and the one way they email students: straight to notify, each email
 * under a dedupe key of its own, only to the students notify holds no email of that key for yet — so a job that runs
 * again after a failure, on another node or after a restart hands over only what is missing and nobody gets an email
 * twice (the pattern of scheduling's class reminders).
 */
final class Mailing {
  private final AuthClient auth;
  private final CatalogClient catalog;
  private final EnrollmentClient enrollment;
  private final NotifyClient notify;
  private final String academyUrl;

  Mailing(Vertx vertx, DeliveryOptions ask, String academyUrl) {
    this.auth = new AuthClient(vertx, ask);
    this.catalog = new CatalogClient(vertx, ask);
    this.enrollment = new EnrollmentClient(vertx, ask);
    this.notify = new NotifyClient(vertx, ask);
    this.academyUrl = academyUrl;
  }

  /** The course's approved students with their languages ({student_id: "id"|"en"}), asked of enrollment. */
  Future<Map<String, String>> students(String courseId) {
    return enrollment.courseStudents(courseId);
  }

  /**
   * Hands {@code template} to each of {@code students} (id → language) that notify holds no email under {@code
   * keys.get(student)} for yet, addressed from their account (auth); → how many were handed over. Fails unless notify
   * accepted every one (the caller then leaves its mark for the next run). Students without a live account any more
   * are skipped: nobody to write to.
   */
  Future<Integer> handOver(String template, Row assignment, Map<String, String> students, Map<String, String> keys) {
    if (students.isEmpty()) return Future.succeededFuture(0);
    return notify.queuedKeys(keys.values()).compose(queued -> {
      Map<String, String> due = new LinkedHashMap<>(students);
      due.keySet().removeIf(student -> queued.contains(keys.get(student)));
      if (due.isEmpty()) return Future.succeededFuture(0);
      String courseId = assignment.getUUID("course_id").toString();
      Future<Map<String, JsonObject>> users = auth.users(due.keySet());
      Future<JsonObject> course = catalog.course(courseId);
      return Future.all(users, course).compose(found -> {
        List<Future<String>> handed = new ArrayList<>();
        due.forEach((studentId, language) -> {
          JsonObject student = users.result().get(studentId);
          if (student == null) return;
          handed.add(notify.enqueue(NotifyClient.email(template, student.getString("email"), language,
              variables(student, course.result(), assignment))
            .put("dedupe_key", keys.get(studentId))));
        });
        return Future.join(handed).transform(done -> {
          long failed = handed.stream().filter(Future::failed).count();
          if (failed == 0) return Future.succeededFuture(handed.size());
          Throwable first = handed.stream().filter(Future::failed).findFirst().orElseThrow().cause();
          return Future.failedFuture(new IllegalStateException(failed + " of " + handed.size() + " " + template
            + " emails not accepted by notify (" + first.getMessage() + ")"));
        });
      });
    });
  }

  /**
   * The variables of both templates: the student's name, the course and assignment titles, the due date (an instant;
   * notify shows it in the academy's zone and the student's language), the points and the academy's address.
   */
  private JsonObject variables(JsonObject student, JsonObject course, Row assignment) {
    return new JsonObject()
      .put("name", student.getString("full_name"))
      .put("course_title", course.getString("title"))
      .put("assignment_title", assignment.getString("title"))
      .put("due_date", Iso.of(assignment.getOffsetDateTime("due_date")))
      .put("points", String.valueOf(assignment.getInteger("points")))
      .put("academy_url", academyUrl);
  }
}
