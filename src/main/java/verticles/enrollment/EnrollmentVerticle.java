package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/** The enrollment verticle (schema `enrollment`). Its operations arrive with the enrollment issue. */
public final class EnrollmentVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "enrollment";
  }

  @Override
  protected void routes(Endpoints e) {
    e.internal("enrollment.internal.studentIdsOfInstructor", this::studentIdsOfInstructor);
  }

  /** {instructor_id} → {student_ids}: no enrollments exist before the enrollment issue, so none. */
  private Future<JsonObject> studentIdsOfInstructor(JsonObject query) {
    return Future.succeededFuture(new JsonObject().put("student_ids", new JsonArray()));
  }
}
