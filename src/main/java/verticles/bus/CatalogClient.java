package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The catalog verticle's internal addresses, for the other verticles. */
public final class CatalogClient extends InternalClient {
  public static final String COURSE = "catalog.internal.course", COURSES = "catalog.internal.courses",
    COURSES_OF_INSTRUCTOR = "catalog.internal.coursesOfInstructor", SEARCH = "catalog.internal.search",
    ASSIGN_INSTRUCTOR = "catalog.internal.assignInstructor", ACTIVE_COURSES = "catalog.internal.activeCourses";

  public CatalogClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** A course in any state (the catalog's course fields); fails 404 {@code COURSE_NOT_FOUND}. */
  public Future<JsonObject> course(String id) {
    return ask(COURSE, new JsonObject().put("id", id));
  }

  /** The courses that exist among {@code ids}, by id. */
  public Future<Map<String, JsonObject>> courses(Collection<String> ids) {
    return ask(COURSES, new JsonObject().put("ids", ids(ids))).map(reply -> {
      Map<String, JsonObject> byId = new HashMap<>();
      objects(reply.getJsonArray("courses")).forEach(c -> byId.put(c.getString("id"), c));
      return byId;
    });
  }

  /** Every active course (the catalog's course fields: id, title, level, instrument, price_per_session, …), by id. */
  public Future<List<JsonObject>> activeCourses() {
    return ask(ACTIVE_COURSES, new JsonObject()).map(reply -> objects(reply.getJsonArray("courses")));
  }

  /**
   * Ids of the courses the instructor teaches: owns, or was assigned to by an admin. Callers ask through
   * {@link CoursePolicy}, the one place that answers "may this user see or change this course".
   */
  public Future<List<String>> coursesOfInstructor(String instructorId) {
    return ask(COURSES_OF_INSTRUCTOR, new JsonObject().put("instructor_id", instructorId))
      .map(reply -> strings(reply.getJsonArray("course_ids")));
  }

  /**
   * Assigns the instructor to the course on an admin's behalf (an admin scheduling someone in a course is that
   * decision); nothing when they own it or are assigned already. Fails 404 {@code COURSE_NOT_FOUND}.
   */
  public Future<Void> assignInstructor(String courseId, String instructorId, String byAdmin) {
    return ask(ASSIGN_INSTRUCTOR, new JsonObject().put("course_id", courseId).put("instructor_id", instructorId)
      .put("assigned_by", byAdmin)).mapEmpty();
  }

  /** The chat assistant's search: active courses matching the words of {@code q}, best first, at most {@code limit}. */
  public Future<List<JsonObject>> search(String q, String level, int limit) {
    JsonObject query = new JsonObject().put("q", q).put("limit", limit);
    if (level != null) query.put("level", level);
    return ask(SEARCH, query).map(reply -> objects(reply.getJsonArray("courses")));
  }
}
