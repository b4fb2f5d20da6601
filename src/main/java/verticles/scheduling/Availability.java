package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Reply;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Free slots for placing a student: for a course (its instructor, its length, rooms that hold its
 * instrument with capacity ≥ its max_students) or an instructor (any room, the default length), within
 * the academy's opening hours, every step minutes, from now on. A slot is free when the instructor (if
 * any) has no live class overlapping it and at least one suitable room is free; it lists those rooms.
 */
final class Availability {
  private final Pool db;
  private final Lookups lookups;
  private final Schedules schedules;
  private final Settings settings;

  Availability(Pool db, Lookups lookups, Schedules schedules, Settings settings) {
    this.db = db;
    this.lookups = lookups;
    this.schedules = schedules;
    this.settings = settings;
  }

  Future<Reply> handle(BusRequest req) {
    return compute(req.query()).map(Reply::ok);
  }

  /** {course_id | instructor_id, from, to (dates, inclusive)} → the availability (also the internal query). */
  Future<JsonObject> compute(JsonObject q) {
    String courseId = q.getString("course_id");
    String instructorParam = q.getString("instructor_id");
    if (courseId == null && instructorParam == null) {
      return Future.failedFuture(Ids.invalid(ErrorCode.VALIDATION_REQUIRED_FIELD, "course_id",
        "Give course_id or instructor_id"));
    }
    ZoneId zone = settings.zone();
    LocalDate from = Times.date("from", q.getString("from"));
    LocalDate to = Times.date("to", q.getString("to"));
    if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > settings.maxAvailabilityDays()) {
      return Future.failedFuture(ErrorCode.SCHEDULE_INVALID_TIME.error("to must not be before from, and the range may span at most "
        + settings.maxAvailabilityDays() + " days", new JsonObject().put("max_days", settings.maxAvailabilityDays())));
    }
    Future<JsonObject> course = courseId == null ? Future.succeededFuture() : lookups.course(courseId);
    return course.compose(c -> {
      String instructorId = instructorParam != null ? instructorParam : c == null ? null : c.getString("instructor_id");
      Future<UUID> instructor = instructorId == null ? Future.succeededFuture() : schedules.teachingInstructor(instructorId);
      int capacity = c == null ? 1 : c.getInteger("max_students");
      String instrument = c == null ? null : c.getString("instrument");
      int minutes = c == null ? settings.defaultSlotMinutes() : c.getInteger("duration_minutes");
      OffsetDateTime start = from.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
      OffsetDateTime end = to.plusDays(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
      return instructor.compose(who -> db.preparedQuery(SchedulingSql.SUITABLE_ROOMS).execute(Tuple.of(capacity, instrument))
        .compose(roomRows -> {
          List<JsonObject> rooms = new ArrayList<>();
          for (Row row : roomRows) rooms.add(Rooms.room(row));
          UUID[] roomIds = rooms.stream().map(r -> UUID.fromString(r.getString("id"))).toArray(UUID[]::new);
          return db.preparedQuery(SchedulingSql.BUSY).execute(Tuple.tuple().addValue(start).addValue(end)
              .addValue(roomIds).addValue(who))
            .compose(busy -> lookups.users(who == null ? List.of() : List.of(who.toString())).map(users -> {
              JsonArray slots = slots(from, to, zone, minutes, who, rooms, busy);
              JsonObject user = who == null ? null : users.get(who.toString());
              return new JsonObject()
                .put("from", from.toString())
                .put("to", to.toString())
                .put("timezone", zone.getId())
                .put("slot_minutes", minutes)
                .put("course", c == null ? null : new JsonObject().put("id", c.getString("id")).put("title", c.getString("title"))
                  .put("instrument", instrument).put("max_students", c.getInteger("max_students"))
                  .put("duration_minutes", c.getInteger("duration_minutes")))
                .put("instructor", who == null ? null : new JsonObject().put("id", who.toString())
                  .put("full_name", user == null ? null : user.getString("full_name")))
                .put("rooms", new JsonArray(rooms.stream().map(Availability::roomSummary).toList()))
                .put("slots", slots);
            }));
        }));
    });
  }

  private JsonArray slots(LocalDate from, LocalDate to, ZoneId zone, int minutes, UUID instructor,
                          List<JsonObject> rooms, Iterable<Row> busy) {
    List<Busy> taken = new ArrayList<>();
    for (Row row : busy) {
      taken.add(new Busy(row.getUUID("room_id"), row.getUUID("instructor_id"),
        row.getOffsetDateTime("start_time").toInstant().toEpochMilli(), row.getOffsetDateTime("end_time").toInstant().toEpochMilli()));
    }
    long now = System.currentTimeMillis();
    JsonArray out = new JsonArray();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      for (LocalTime t = settings.openingTime(); !t.plusMinutes(minutes).isAfter(settings.closingTime())
        && !t.plusMinutes(minutes).isBefore(t); t = t.plusMinutes(settings.stepMinutes())) {
        OffsetDateTime slotStart = day.atTime(t).atZone(zone).toOffsetDateTime();
        long s = slotStart.toInstant().toEpochMilli();
        long e = s + minutes * 60_000L;
        if (s < now) continue;
        if (instructor != null && taken.stream().anyMatch(b -> instructor.equals(b.instructor) && b.overlaps(s, e))) continue;
        JsonArray free = new JsonArray();
        for (JsonObject room : rooms) {
          UUID id = UUID.fromString(room.getString("id"));
          if (taken.stream().noneMatch(b -> id.equals(b.room) && b.overlaps(s, e))) free.add(roomSummary(room));
        }
        if (free.isEmpty()) continue;
        out.add(new JsonObject()
          .put("start_time", Iso.of(slotStart))
          .put("end_time", Iso.of(slotStart.plusMinutes(minutes)))
          .put("rooms", free));
        if (t.plusMinutes(settings.stepMinutes()).isBefore(t)) break; // wrapped past midnight
      }
    }
    return out;
  }

  private static JsonObject roomSummary(JsonObject room) {
    return new JsonObject().put("id", room.getString("id")).put("name", room.getString("name"))
      .put("capacity", room.getInteger("capacity"));
  }

  private record Busy(UUID room, UUID instructor, long start, long end) {
    boolean overlaps(long s, long e) {
      return start < e && s < end;
    }
  }
}
