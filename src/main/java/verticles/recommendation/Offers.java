package verticles.recommendation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import verticles.bus.EnrollmentClient;
import verticles.bus.SchedulingClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers what the recommendations rank, over the bus: each course's next classes with free places and names
 * ({@code scheduling.internal.upcomingForCourse}, near-cached by scheduling), the seats taken per course
 * ({@code enrollment.internal.seatsTaken}) and the instructors' ratings ({@code scheduling.internal.instructorRatings}).
 * Full classes are dropped here, so nothing downstream can recommend one. Any failure of those verticles fails the
 * answer (503/504) rather than recommending from half the facts.
 */
final class Offers {
  /** How many of a course's next classes are considered. */
  static final int CLASSES_PER_COURSE = 50;

  private final SchedulingClient scheduling;
  private final EnrollmentClient enrollment;

  Offers(SchedulingClient scheduling, EnrollmentClient enrollment) {
    this.scheduling = scheduling;
    this.enrollment = enrollment;
  }

  /** The courses (catalog course objects) with their open classes, in the order given. */
  Future<List<Offer>> load(List<JsonObject> courses) {
    if (courses.isEmpty()) return Future.succeededFuture(List.of());
    List<Future<List<JsonObject>>> upcoming = new ArrayList<>();
    for (JsonObject course : courses) {
      upcoming.add(scheduling.upcomingForCourse(course.getString("id"), CLASSES_PER_COURSE).map(a -> {
        List<JsonObject> out = new ArrayList<>();
        a.forEach(v -> out.add((JsonObject) v));
        return out;
      }));
    }
    Future<Map<String, Long>> taken = enrollment.seatsTaken(courses.stream().map(c -> c.getString("id")).toList());
    return Future.all(Future.join(upcoming), taken).compose(done -> {
      Set<String> instructors = new LinkedHashSet<>();
      for (Future<List<JsonObject>> f : upcoming) {
        for (JsonObject s : f.result()) {
          JsonObject instructor = s.getJsonObject("instructor");
          if (instructor != null && instructor.getString("id") != null) instructors.add(instructor.getString("id"));
        }
      }
      return scheduling.instructorRatings(instructors).map(ratings -> {
        List<Offer> offers = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < courses.size(); i++) {
          JsonObject course = courses.get(i);
          long seatsLeft = course.getInteger("max_students", 0) - taken.result().getOrDefault(course.getString("id"), 0L);
          List<Offer.Class> classes = new ArrayList<>();
          for (JsonObject s : upcoming.get(i).result()) {
            long free = Math.min(s.getLong("available_slots", 0L), seatsLeft);
            Instant start = Instant.parse(s.getString("start_time"));
            if (free <= 0 || !start.isAfter(now)) continue;
            JsonObject instructor = s.getJsonObject("instructor");
            String instructorId = instructor == null ? null : instructor.getString("id");
            JsonObject room = s.getJsonObject("room");
            JsonObject rating = instructorId == null ? null : ratings.get(instructorId);
            classes.add(new Offer.Class(s.getString("id"), start, Instant.parse(s.getString("end_time")), (int) free,
              instructorId, instructor == null ? null : instructor.getString("full_name"),
              room == null ? null : room.getString("name"), Boolean.TRUE.equals(s.getBoolean("online")),
              rating == null ? null : rating.getDouble("average"), rating == null ? 0 : rating.getLong("count", 0L)));
          }
          offers.add(new Offer(course, classes));
        }
        return offers;
      });
    });
  }
}
