package verticles.scheduling;

import verticles.bus.CacheVersions;
import verticles.bus.NotifyClient;
import verticles.bus.LocalTimes;
import verticles.bus.SchedulingClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.Values;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.infra.Config;
import verticles.infra.Database;
import verticles.infra.RedisStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Scheduling (schema {@code scheduling}): rooms, class schedules without double-booking, recurring
 * series, online classes, a course's sessions, availability, the iCalendar feed, attendance, the reminder job, and
 * what other verticles ask about classes. The handlers live in {@link Rooms}, {@link Schedules}, {@link Series},
 * {@link Sessions}, {@link Availability}, {@link Attendance} and {@link Ratings}; this class wires them and answers the internal queries.
 */
public final class SchedulingVerticle extends DomainVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingVerticle.class);
  static final String REMINDER_LOCK = "scheduling.reminders";

  @Override
  protected void routes(Endpoints e) {
    e.on("scheduling.listRooms", req -> rooms.list(req))
      .on("scheduling.getRoom", req -> rooms.get(req))
      .on("scheduling.createRoom", req -> rooms.create(req))
      .on("scheduling.updateRoom", req -> rooms.update(req))
      .on("scheduling.deleteRoom", req -> rooms.delete(req))
      .on("scheduling.listSchedules", req -> schedules.list(req))
      .on("scheduling.getSchedule", req -> schedules.get(req))
      .on("scheduling.createSchedule", req -> schedules.create(req))
      .on("scheduling.updateSchedule", req -> schedules.update(req))
      .on("scheduling.deleteSchedule", req -> schedules.delete(req))
      .on("scheduling.calendar", req -> schedules.calendar(req))
      .on("scheduling.createCalendarFeed", req -> calendarFeeds.create(req))
      .on("scheduling.calendarFeed", req -> calendarFeeds.serve(req))
      .on("scheduling.courseSessions", req -> sessions.ofCourse(req))
      .on("scheduling.availability", req -> availability.handle(req))
      .on("scheduling.createSeries", req -> series.create(req))
      .on("scheduling.cancelSeries", req -> series.cancelRest(req))
      .on("scheduling.markAttendance", req -> attendance.mark(req))
      .on("scheduling.updateAttendance", req -> attendance.update(req))
      .on("scheduling.scheduleAttendance", req -> attendance.ofSchedule(req))
      .on("scheduling.studentAttendance", req -> attendance.ofStudent(req))
      .on("scheduling.rateSchedule", req -> ratings.rate(req))
      .internal(SchedulingClient.UPCOMING_FOR_COURSE, this::upcomingForCourse)
      .internal(SchedulingClient.COURSE_USAGE, this::courseUsage)
      .internal(SchedulingClient.GET_SCHEDULES, this::getSchedules)
      .internal(SchedulingClient.AVAILABILITY, q -> availability.compute(q))
      .internal(SchedulingClient.INSTRUCTOR_RATINGS, q -> ratings.ofInstructors(q))
      .internal("scheduling.internal.studentSchedules", this::studentSchedules)
      .internal("scheduling.internal.counts", this::counts)
      .internal("scheduling.internal.sendReminders", q -> sendReminders());
  }

  @Override
  protected String name() {
    return "scheduling";
  }

  private Pool db;
  private RedisAPI redis;
  private Settings settings;
  private Lookups lookups;
  private ScheduleViews views;
  private Events events;
  private Rooms rooms;
  private Schedules schedules;
  private CalendarFeeds calendarFeeds;
  private Sessions sessions;
  private Series series;
  private Availability availability;
  private Attendance attendance;
  private Ratings ratings;
  private UpcomingCache upcoming;
  private Reminders reminders;
  private long reminderTimer = -1;

  @Override
  protected Future<?> setUp() {
    settings = Settings.of(config());
    db = Database.pool(vertx, config());
    redis = RedisStore.api(vertx, config());
    events = new Events(vertx, redis, "scheduling");
    lookups = new Lookups(vertx, askOptions());
    views = new ScheduleViews(db, lookups);
    upcoming = new UpcomingCache(vertx);
    rooms = new Rooms(db, lookups, () -> CacheVersions.publish(vertx, CacheVersions.SCHEDULES, null));
    MeetingLinks links = new MeetingLinks(lookups);
    schedules = new Schedules(db, lookups, views, events, settings, links);
    calendarFeeds = new CalendarFeeds(db, lookups, schedules, settings, Config.publicUrl(config()));
    sessions = new Sessions(db, lookups, links, new LocalTimes(settings.zone()));
    series = new Series(db, schedules, views, events, settings);
    availability = new Availability(db, lookups, schedules, settings);
    attendance = new Attendance(db, lookups, schedules, views, events, settings);
    ratings = new Ratings(db);
    reminders = new Reminders(db, lookups, views, events, new NotifyClient(vertx, askOptions()), settings.reminderLeadMinutes());
    reminderTimer = vertx.setPeriodic(settings.reminderIntervalSeconds() * 1000L, id -> sendReminders()
      .onFailure(e -> LOG.warn("Reminder run failed: {}", e.getMessage())));
    return upcoming.ready();
  }

  @Override
  protected Future<?> tearDown() {
    if (reminderTimer >= 0) vertx.cancelTimer(reminderTimer);
    upcoming.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  // --- internal queries -------------------------------------------------------------------------

  /**
   * {course_id, limit} → {schedules: [{id, start_time, end_time, instructor {id, full_name}, room {id, name,
   * capacity} | null (online), online, description, enrolled_students, available_slots, series_id}]}: the course's next
   * live classes. The public course detail shows them, so an online class's link is never part of this answer.
   */
  private Future<JsonObject> upcomingForCourse(JsonObject q) {
    UUID course = required(q, "course_id");
    int limit = Math.max(1, Math.min(100, q.getInteger("limit", 5)));
    return upcoming.get(course + "/" + limit, () -> loadUpcoming(course, limit));
  }

  private Future<JsonObject> loadUpcoming(UUID course, int limit) {
    return db.preparedQuery(SchedulingSql.UPCOMING_FOR_COURSE).execute(Tuple.of(course, limit))
      .compose(rows -> views.expand(ScheduleViews.records(rows)))
      .map(list -> {
        JsonArray out = new JsonArray();
        for (JsonObject s : list) {
          long enrolled = s.getLong("enrolled_count", 0L);
          Integer max = s.getInteger("max_students");
          out.add(new JsonObject()
            .put("id", s.getString("id"))
            .put("start_time", s.getString("start_time"))
            .put("end_time", s.getString("end_time"))
            .put("instructor", s.getJsonObject("instructor"))
            .put("room", s.getJsonObject("room"))
            .put("online", s.getBoolean("online"))
            .put("description", s.getString("description"))
            .put("enrolled_students", enrolled)
            .put("available_slots", max == null ? 0 : Math.max(0, max - enrolled))
            .put("series_id", s.getString("series_id")));
        }
        return new JsonObject().put("schedules", out);
      });
  }

  /** {course_id} → {schedules: n}: schedule rows of any status referring to the course (each blocks its deletion). */
  private Future<JsonObject> courseUsage(JsonObject q) {
    return db.preparedQuery(SchedulingSql.COURSE_USAGE).execute(Tuple.of(required(q, "course_id")))
      .map(rows -> new JsonObject().put("schedules", rows.iterator().next().getLong("n")));
  }

  /**
   * {ids, names?} → {schedules: [{id, course_id, instructor_id, room_id, room_name, meeting_url, description, series_id,
   * start_time, end_time, status}]} in any status; unknown ids are absent. An online class has room_id and room_name
   * null and its meeting_url (callers write it only to the class's own students). With {@code names: true} each also carries {@code instructor_name}
   * (asked of auth; null when auth no longer knows the instructor), e.g. for the enrollment verticle's approval email.
   */
  private Future<JsonObject> getSchedules(JsonObject q) {
    List<UUID> ids = new ArrayList<>();
    for (Object id : q.getJsonArray("ids", new JsonArray())) {
      UUID uuid = Values.uuidOrNull(String.valueOf(id));
      if (uuid != null) ids.add(uuid);
    }
    return db.preparedQuery(SchedulingSql.FLAT_BY_IDS).execute(Tuple.of(ids.toArray(new UUID[0]))).compose(rows -> {
      List<JsonObject> found = new ArrayList<>();
      for (Row row : rows) {
        UUID seriesId = row.getUUID("series_id");
        UUID roomId = row.getUUID("room_id");
        found.add(new JsonObject()
          .put("id", row.getUUID("id").toString())
          .put("course_id", row.getUUID("course_id").toString())
          .put("instructor_id", row.getUUID("instructor_id").toString())
          .put("room_id", roomId == null ? null : roomId.toString())
          .put("room_name", row.getString("room_name"))
          .put("meeting_url", row.getString("meeting_url"))
          .put("description", row.getString("description"))
          .put("series_id", seriesId == null ? null : seriesId.toString())
          .put("start_time", Iso.of(row.getOffsetDateTime("start_time")))
          .put("end_time", Iso.of(row.getOffsetDateTime("end_time")))
          .put("status", row.getString("status")));
      }
      Future<Map<String, JsonObject>> instructors = q.getBoolean("names", false) && !found.isEmpty()
        ? lookups.users(ScheduleViews.field(found, "instructor_id")) : Future.succeededFuture(null);
      return instructors.map(names -> {
        if (names != null) {
          for (JsonObject schedule : found) {
            JsonObject instructor = names.get(schedule.getString("instructor_id"));
            schedule.put("instructor_name", instructor == null ? null : instructor.getString("full_name"));
          }
        }
        return new JsonObject().put("schedules", new JsonArray(found));
      });
    });
  }

  /**
   * {student_id, limit?} → {schedules: [API views]}: the live classes, not yet ended, of the student's
   * approved placements (the placed class, or every occurrence of its series), earliest first.
   * Placements without a class (not placed yet) contribute nothing.
   */
  private Future<JsonObject> studentSchedules(JsonObject q) {
    String student = required(q, "student_id").toString();
    int limit = Math.max(1, Math.min(500, q.getInteger("limit", 100)));
    return lookups.placements(student).compose(placements -> {
      Set<String> placed = new LinkedHashSet<>();
      for (JsonObject p : placements) {
        if (p.getString("schedule_id") != null) placed.add(p.getString("schedule_id"));
      }
      if (placed.isEmpty()) return Future.succeededFuture(List.<JsonObject>of());
      return db.preparedQuery(SchedulingSql.PLACED_SCHEDULES)
        .execute(Tuple.of(ScheduleViews.uuids(placed), Times.now(), limit))
        .compose(rows -> views.expand(ScheduleViews.records(rows)));
    }).map(list -> new JsonObject().put("schedules", ScheduleViews.array(list)));
  }

  /**
   * {} → {schedules: {total, held, in_progress, upcoming, cancelled}, series, rooms,
   * attendance: {marked, attended, absent}} for analytics. held = live classes that have ended.
   */
  private Future<JsonObject> counts(JsonObject q) {
    return db.query(SchedulingSql.COUNTS).execute().map(rows -> {
      Row r = rows.iterator().next();
      long marked = r.getLong("marked"), attended = r.getLong("attended");
      return new JsonObject()
        .put("schedules", new JsonObject().put("total", r.getLong("total")).put("held", r.getLong("held"))
          .put("in_progress", r.getLong("in_progress")).put("upcoming", r.getLong("upcoming"))
          .put("cancelled", r.getLong("cancelled")))
        .put("series", r.getLong("series"))
        .put("rooms", r.getLong("rooms"))
        .put("attendance", new JsonObject().put("marked", marked).put("attended", attended).put("absent", marked - attended));
    });
  }

  private static UUID required(JsonObject q, String field) {
    UUID id = Values.uuidOrNull(q.getString(field));
    if (id == null) throw Ids.invalid(ErrorCode.VALIDATION_ERROR, field, field + " must be a uuid");
    return id;
  }

  // --- reminders --------------------------------------------------------------------------------

  /**
   * One reminder run ({@link Reminders}: a class-reminder email to each approved student, then the class is marked and
   * schedule.reminder published; students placed on a marked class since get theirs), on one node of the cluster at a
   * time (cluster-wide lock; a node that cannot get it skips this run). → {reminded: classes done now, late: students
   * reminded of a class done before, postponed: classes left for the next run}, or {reminded: 0, skipped: true} when
   * another node holds the lock.
   */
  Future<JsonObject> sendReminders() {
    return vertx.sharedData().getLockWithTimeout(REMINDER_LOCK, 1000)
      .transform(locked -> locked.failed()
        ? Future.succeededFuture(new JsonObject().put("reminded", 0).put("skipped", true))
        : reminders.run().onComplete(done -> locked.result().release()));
  }
}
