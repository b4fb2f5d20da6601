package verticles.recommendation;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * An active course with its open classes: the next classes (at most {@link Offers#CLASSES_PER_COURSE}) that have not
 * started and have a free seat.
 */
record Offer(JsonObject course, List<Offer.Class> classes) {

  String id() {
    return course.getString("id");
  }

  String level() {
    return course.getString("level");
  }

  String instrument() {
    return course.getString("instrument");
  }

  long price() {
    return course.getLong("price_per_session", 0L);
  }

  /**
   * A class with free seats: {@code freeSeats} = the fewer of the class's free places (the course's max_students less
   * the students placed on it or its series) and the course's seats left (enrollment's course_seats, which every
   * approval takes). {@code rating} = its instructor's average (1–5) and count, or null.
   */
  record Class(String id, Instant start, Instant end, int freeSeats, String instructorId, String instructorName,
               String roomName, boolean online, Double rating, long ratings) {
    int minutes() {
      return (int) Math.max(1, (end.toEpochMilli() - start.toEpochMilli()) / 60_000);
    }

    JsonObject json() {
      return new JsonObject().put("schedule_id", id).put("start_time", start.toString()).put("end_time", end.toString())
        .put("free_seats", freeSeats).put("instructor_name", instructorName).put("room_name", roomName).put("online", online);
    }
  }
}
