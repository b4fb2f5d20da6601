package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/**
 * The scheduling verticle (schema `scheduling`). Until its own issue fills it, it answers the catalog's
 * internal queries as "no schedules".
 */
public final class SchedulingVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "scheduling";
  }

  @Override
  protected void routes(Endpoints e) {
    e.internal("scheduling.internal.upcomingForCourse", this::upcomingForCourse)
      .internal("scheduling.internal.courseUsage", this::courseUsage)
      .internal("scheduling.internal.classesOfInstructor", this::classesOfInstructor)
      .internal("scheduling.internal.getSchedules", this::getSchedules);
  }

  /** {ids} → {schedules: [{id, course_id, …, status}]}: the schedules among the ids (placeholder: none yet). */
  private Future<JsonObject> getSchedules(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("schedules", new JsonArray()));
  }

  /** {instructor_id} → {schedule_ids: [...]}: classes the instructor teaches (placeholder: none yet). */
  private Future<JsonObject> classesOfInstructor(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("schedule_ids", new JsonArray()));
  }

  /** {course_id, limit} → {schedules: [...]}: the course's next sessions (placeholder: none yet). */
  private Future<JsonObject> upcomingForCourse(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("schedules", new JsonArray()));
  }

  /** {course_id} → {schedules: n}: schedules referring to the course (placeholder: none yet). */
  private Future<JsonObject> courseUsage(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("schedules", 0));
  }
}
