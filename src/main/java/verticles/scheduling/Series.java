package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.Values;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Reply;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Recurring series: weekly lessons for a term. All occurrences are created in one transaction or none;
 * any clash refuses the whole series with every conflicting date. Occurrences are then ordinary
 * schedules (moved or cancelled one by one); the rest of a series from a date can be cancelled at once.
 */
final class Series {
  private final Pool db;
  private final Schedules schedules;
  private final ScheduleViews views;
  private final Events events;
  private final Settings settings;

  Series(Pool db, Schedules schedules, ScheduleViews views, Events events, Settings settings) {
    this.db = db;
    this.schedules = schedules;
    this.views = views;
    this.events = events;
    this.settings = settings;
  }

  /** The occurrences: every date in [first, last] on one of the weekdays, at the local time in the zone. */
  static List<Schedules.Range> occurrences(LocalDate first, LocalDate last, Set<DayOfWeek> days, LocalTime time,
                                           int minutes, ZoneId zone) {
    List<Schedules.Range> out = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      if (!days.contains(d.getDayOfWeek())) continue;
      // a local time that does not exist (DST gap) moves forward, as ZonedDateTime.of defines
      OffsetDateTime start = d.atTime(time).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.SECONDS);
      out.add(new Schedules.Range(start, start.plusMinutes(minutes)));
    }
    return out;
  }

  /**
   * POST /api/schedules/series. Like a single class, a series without room_id is online and needs a meeting_url;
   * every occurrence gets the series' room (or none) and link. Topics (description) are set per class afterwards.
   */
  Future<Reply> create(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    ZoneId zone = zone(body.getString("timezone"));
    LocalDate first = Times.date("first_date", body.getString("first_date"));
    LocalDate last = lastDate(body, first);
    Set<DayOfWeek> days = weekdays(body.getJsonArray("weekdays"));
    LocalTime time = LocalTime.parse(body.getString("start_time"));
    String roomParam = body.getString("room_id");
    UUID roomId = roomParam == null ? null : UUID.fromString(roomParam);
    String meetingUrl = MeetingLinks.checked(body.getString("meeting_url"));
    MeetingLinks.requireWhereOnline(roomParam, meetingUrl);
    return schedules.activeCourse(body.getString("course_id")).compose(course -> {
      int minutes = body.getInteger("duration_minutes", course.getInteger("duration_minutes"));
      List<Schedules.Range> wanted = occurrences(first, last, days, time, minutes, zone);
      if (wanted.isEmpty()) {
        return Future.failedFuture(ErrorCode.SCHEDULE_INVALID_TIME.error("The series has no occurrence between "
          + first + " and " + last + " on those weekdays"));
      }
      for (Schedules.Range r : wanted) schedules.checkTimes(r.start(), r.end(), false);
      List<String> past = wanted.stream().filter(r -> r.start().isBefore(Times.now()))
        .map(r -> r.start().atZoneSameInstant(zone).toLocalDate().toString()).toList();
      if (!past.isEmpty()) {
        return Future.failedFuture(ErrorCode.SCHEDULE_PAST_TIME.error("A series cannot start in the past",
          new JsonObject().put("dates", new JsonArray(new ArrayList<>(past)))));
      }
      String instructorId = schedules.instructorFor(caller, body.getString("instructor_id"), course);
      UUID courseId = UUID.fromString(course.getString("id"));
      return schedules.teachingInstructor(instructorId)
        .compose(instructor -> schedules.mayStaff(caller, course.getString("id")).map(instructor))
        .compose(instructor -> db.withTransaction(conn ->
            Schedules.liveRoom(conn, roomId)
              .compose(v -> schedules.noClashes(conn, roomId, instructor, wanted, null, true))
              .compose(v -> conn.preparedQuery(SchedulingSql.SERIES_INSERT).execute(Tuple.tuple()
                .addValue(courseId).addValue(instructor).addValue(roomId)
                .addValue(days.stream().map(d -> (short) d.getValue()).sorted().toArray(Short[]::new))
                .addValue(time).addValue(minutes).addValue(first).addValue(last).addValue(zone.getId())
                .addValue(UUID.fromString(caller.id())).addValue(meetingUrl)))
              .compose(series -> {
                Row row = series.iterator().next();
                return conn.preparedQuery(SchedulingSql.SERIES_OCCURRENCES_INSERT).execute(Tuple.tuple()
                    .addValue(courseId).addValue(instructor).addValue(roomId).addValue(row.getUUID("id"))
                    .addValue(wanted.stream().map(Schedules.Range::start).toArray(OffsetDateTime[]::new))
                    .addValue(wanted.stream().map(Schedules.Range::end).toArray(OffsetDateTime[]::new))
                    .addValue(UUID.fromString(caller.id())).addValue(meetingUrl))
                  .map(occurrences -> seriesJson(row, courseId, instructor, roomId, meetingUrl, days, time, minutes, first,
                    last, zone));
              }))
          .recover(e -> schedules.explainViolation(e, roomId, instructor, wanted, null, true)))
        .compose(series -> schedules.staffed(caller, course.getString("id"), instructorId).map(series))
        .compose(series -> db.preparedQuery(SchedulingSql.SCHEDULES_PAGE).execute(Tuple.tuple()
            .addValue(null).addValue(null).addValue(null).addValue(null).addValue(null)
            .addValue(UUID.fromString(series.getString("id"))).addValue(false)
            .addInteger(wanted.size()).addInteger(0))
          .compose(rows -> views.expand(ScheduleViews.records(rows)))
          .map(created -> {
            for (JsonObject s : created) events.publish("schedule.created", Schedules.eventData(s), caller.id());
            return Reply.created(new JsonObject().put("series", series).put("schedules", ScheduleViews.array(created)),
              "Series created: " + created.size() + " classes");
          }));
    });
  }

  private static JsonObject seriesJson(Row row, UUID course, UUID instructor, UUID room, String meetingUrl,
                                       Set<DayOfWeek> days, LocalTime time, int minutes, LocalDate first, LocalDate last,
                                       ZoneId zone) {
    JsonArray weekdays = new JsonArray();
    days.stream().sorted().forEach(d -> weekdays.add(d.name().toLowerCase(Locale.ROOT)));
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("course_id", course.toString())
      .put("instructor_id", instructor.toString())
      .put("room_id", room == null ? null : room.toString())
      .put("meeting_url", meetingUrl)
      .put("weekdays", weekdays)
      .put("start_time", time.toString())
      .put("duration_minutes", minutes)
      .put("first_date", first.toString())
      .put("last_date", last.toString())
      .put("timezone", zone.getId())
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")));
  }

  private ZoneId zone(String requested) {
    if (requested == null) return settings.zone();
    try {
      return ZoneId.of(requested);
    } catch (DateTimeException e) {
      throw Ids.invalid(ErrorCode.VALIDATION_ERROR, "timezone", "timezone must be an IANA zone such as Asia/Jakarta");
    }
  }

  /** end_date, or first_date + weeks − 1 day; exactly one of them, at most max_series_weeks long. */
  private LocalDate lastDate(JsonObject body, LocalDate first) {
    boolean weeks = body.containsKey("weeks"), end = body.containsKey("end_date");
    if (weeks == end) {
      throw Ids.invalid(weeks ? ErrorCode.VALIDATION_ERROR : ErrorCode.VALIDATION_REQUIRED_FIELD, "weeks",
        "Send either weeks or end_date (exactly one)");
    }
    LocalDate last = weeks ? first.plusWeeks(body.getInteger("weeks")).minusDays(1) : Times.date("end_date", body.getString("end_date"));
    if (last.isBefore(first)) {
      throw ErrorCode.SCHEDULE_INVALID_TIME.error("end_date must not be before first_date");
    }
    if (last.isAfter(first.plusWeeks(settings.maxSeriesWeeks()).minusDays(1))) {
      throw ErrorCode.SCHEDULE_INVALID_TIME.error("A series may span at most " + settings.maxSeriesWeeks() + " weeks",
        new JsonObject().put("max_series_weeks", settings.maxSeriesWeeks()));
    }
    return last;
  }

  private static Set<DayOfWeek> weekdays(JsonArray names) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Object name : names) days.add(DayOfWeek.valueOf(name.toString().toUpperCase(Locale.ROOT)));
    return days;
  }

  /**
   * DELETE /api/schedules/series/{seriesId}?from=DATE: cancels every live occurrence starting on or after
   * the date (in the series' zone). Occurrences with attendance are kept and listed.
   */
  Future<Reply> cancelRest(BusRequest req) {
    Caller caller = req.user();
    UUID id = Values.uuidOrNull(req.pathParam("seriesId"));
    if (id == null) return Future.failedFuture(notFound());
    LocalDate from = Times.date("from", req.query().getString("from"));
    List<String> kept = new ArrayList<>();
    return db.withTransaction(conn -> conn.preparedQuery(SchedulingSql.SERIES_LOCK).execute(Tuple.of(id))
        .compose(series -> {
          if (series.size() == 0) return Future.failedFuture(notFound());
          ZoneId zone = ZoneId.of(series.iterator().next().getString("timezone"));
          OffsetDateTime since = from.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
          return conn.preparedQuery(SchedulingSql.SERIES_REST).execute(Tuple.of(id, since));
        })
        .compose(rest -> {
          List<UUID> cancel = new ArrayList<>();
          for (Row row : rest) {
            if (row.getBoolean("marked")) kept.add(row.getUUID("id").toString());
            else cancel.add(row.getUUID("id"));
          }
          return conn.preparedQuery(SchedulingSql.CANCEL).execute(Tuple.of(cancel.toArray(new UUID[0]), UUID.fromString(caller.id())));
        }))
      .map(rows -> {
        JsonArray cancelled = new JsonArray();
        for (Row row : rows) {
          cancelled.add(row.getUUID("id").toString());
          events.publish("schedule.deleted", Schedules.eventOf(row), caller.id());
        }
        return Reply.ok(new JsonObject().put("series_id", id.toString()).put("from", from.toString())
            .put("cancelled", cancelled.size()).put("cancelled_schedule_ids", cancelled)
            .put("kept_schedule_ids", new JsonArray(kept)),
          cancelled.size() + " classes of the series cancelled");
      });
  }

  static verticles.bus.ApiError notFound() {
    return ErrorCode.SCHEDULE_SERIES_NOT_FOUND.error("Series not found");
  }
}
