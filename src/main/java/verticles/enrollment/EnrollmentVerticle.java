package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/**
 * The enrollment verticle (schema `enrollment`). Until its own issue fills it, it answers the other
 * verticles' internal queries as "no enrollments".
 */
public final class EnrollmentVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "enrollment";
  }

  @Override
  protected void routes(Endpoints e) {
    e.internal("enrollment.internal.courseUsage", this::courseUsage)
      .internal("enrollment.internal.courseEnrollmentCounts", this::courseEnrollmentCounts)
      .internal("enrollment.internal.studentIdsOfInstructor", this::studentIdsOfInstructor);
  }

  /** {course_id} → {enrollments: n}: enrollments referring to the course (placeholder: none yet). */
  private Future<JsonObject> courseUsage(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("enrollments", 0));
  }

  /** {} → {counts: [{course_id, count}]}: enrollments per course (placeholder: none yet). */
  private Future<JsonObject> courseEnrollmentCounts(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("counts", new JsonArray()));
  }

  /** {instructor_id} → {student_ids: [...]}: students enrolled in the instructor's courses (placeholder). */
  private Future<JsonObject> studentIdsOfInstructor(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("student_ids", new JsonArray()));
  }
}
