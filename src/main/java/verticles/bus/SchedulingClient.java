package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/** The scheduling verticle's internal addresses, for the other verticles. */
public final class SchedulingClient extends InternalClient {
  public static final String UPCOMING_FOR_COURSE = "scheduling.internal.upcomingForCourse",
    COURSE_USAGE = "scheduling.internal.courseUsage",
    GET_SCHEDULES = "scheduling.internal.getSchedules",
    AVAILABILITY = "scheduling.internal.availability",
    INSTRUCTOR_RATINGS = "scheduling.internal.instructorRatings";

  public SchedulingClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** The course's next classes (at most {@code limit}), as the schedule views of the contract. */
  public Future<JsonArray> upcomingForCourse(String courseId, int limit) {
    return ask(UPCOMING_FOR_COURSE, new JsonObject().put("course_id", courseId).put("limit", limit))
      .map(reply -> reply.getJsonArray("schedules", new JsonArray()));
  }

  /** How many classes refer to the course. */
  public Future<Long> courseUsage(String courseId) {
    return ask(COURSE_USAGE, new JsonObject().put("course_id", courseId)).map(reply -> reply.getLong("schedules", 0L));
  }

  /**
   * The classes that exist among {@code ids}, in any status: [{id, course_id, instructor_id, room_id, room_name,
   * series_id, start_time, end_time (ISO instants), status}].
   */
  public Future<List<JsonObject>> schedules(Collection<String> ids) {
    return ask(GET_SCHEDULES, new JsonObject().put("ids", ids(ids))).map(reply -> objects(reply.getJsonArray("schedules")));
  }

  /** {@link #schedules} with each class's {@code instructor_name} too (one more question to auth: for emails, not hot paths). */
  public Future<List<JsonObject>> schedulesWithNames(Collection<String> ids) {
    return ask(GET_SCHEDULES, new JsonObject().put("ids", ids(ids)).put("names", true))
      .map(reply -> objects(reply.getJsonArray("schedules")));
  }

  /**
   * Free slots to open a class of the course (the logic of {@code GET /api/schedules/availability}): {from, to, timezone,
   * slot_minutes, course, instructor, rooms, slots: [{start_time, end_time, rooms: [{id, name, capacity}]}]} between the
   * academy dates {@code from} and {@code to} (inclusive, at most {@code scheduling.availability_max_days} days).
   */
  public Future<JsonObject> availability(String courseId, java.time.LocalDate from, java.time.LocalDate to) {
    return ask(AVAILABILITY, new JsonObject().put("course_id", courseId).put("from", from.toString()).put("to", to.toString()));
  }

  /** Instructor ratings (V28): instructor id → {average (1–5, 2 decimals), count}; instructors without ratings are absent. */
  public Future<Map<String, JsonObject>> instructorRatings(Collection<String> instructorIds) {
    if (instructorIds.isEmpty()) return Future.succeededFuture(Map.of());
    return ask(INSTRUCTOR_RATINGS, new JsonObject().put("instructor_ids", ids(instructorIds))).map(reply -> {
      Map<String, JsonObject> ratings = new HashMap<>();
      reply.getJsonObject("ratings", new JsonObject()).forEach(e -> ratings.put(e.getKey(), (JsonObject) e.getValue()));
      return ratings;
    });
  }
}
