package verticles.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.bus.Values;
import verticles.bus.ApiError;
import verticles.bus.ApiTexts;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Class schedules (seed §4.6–4.10): listing, detail with attendees, create, move/change, cancel (the soft
 * delete), and the iCalendar feed. No double-booking: each write checks for clashes inside its transaction
 * (to name them) and the exclusion constraints of V5 are the final guarantee against races.
 */
final class Schedules {
  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
  private final Pool db;
  private final Lookups lookups;
  private final ScheduleViews views;
  private final Events events;
  private final Settings settings;
  private final MeetingLinks links;

  Schedules(Pool db, Lookups lookups, ScheduleViews views, Events events, Settings settings, MeetingLinks links) {
    this.db = db;
    this.lookups = lookups;
    this.views = views;
    this.events = events;
    this.settings = settings;
    this.links = links;
  }

  /** A wanted time range. */
  record Range(OffsetDateTime start, OffsetDateTime end) {
  }

  // --- reading ----------------------------------------------------------------------------------

  /**
   * Seed §4.6 with series and cancelled filters; enrolled_count is merged over a series. Online classes have
   * {@code room: null}; their {@code meeting_url} is shown to the people of the class only ({@link MeetingLinks}).
   */
  Future<Reply> list(BusRequest req) {
    Page page = Page.of(req);
    Tuple filters = filters(req.query());
    Tuple paged = copy(filters).addInteger(page.limit()).addLong(page.offset());
    Future<RowSet<Row>> rows = db.preparedQuery(SchedulingSql.SCHEDULES_PAGE).execute(paged);
    Future<RowSet<Row>> count = db.preparedQuery(SchedulingSql.SCHEDULES_COUNT).execute(filters);
    return Future.all(rows, count)
      .compose(done -> views.expand(ScheduleViews.records(rows.result())))
      .compose(schedules -> links.shown(req.user(), schedules))
      .map(schedules -> Reply.ok(new JsonObject()
        .put("schedules", ScheduleViews.array(schedules))
        .put("pagination", page.pagination(count.result().iterator().next().getLong("total")))));
  }

  /** $1…$7 of SchedulingSql's list filters. */
  Tuple filters(JsonObject q) {
    ZoneId zone = settings.zone();
    return Tuple.tuple()
      .addValue(Values.uuidOrNull(q.getString("course_id")))
      .addValue(Values.uuidOrNull(q.getString("instructor_id")))
      .addValue(Values.uuidOrNull(q.getString("room_id")))
      .addValue(Times.lower("start_date", q.getString("start_date"), zone))
      .addValue(Times.upper("end_date", q.getString("end_date"), zone))
      .addValue(Values.uuidOrNull(q.getString("series_id")))
      .addValue(q.getBoolean("include_cancelled", false));
  }

  private static Tuple copy(Tuple tuple) {
    Tuple out = Tuple.tuple();
    for (int i = 0; i < tuple.size(); i++) out.addValue(tuple.getValue(i));
    return out;
  }

  /**
   * Seed §4.7. Cancelled schedules still answer (status "cancelled"). Attendees — the approved students
   * placed on the class (or its series) and anyone marked — are shown to admins and the instructors of the
   * class's course ({@link verticles.bus.CoursePolicy}); a student sees only their own entry, other callers none.
   */
  Future<Reply> get(BusRequest req) {
    Caller caller = req.user();
    return load(req.pathParam("id")).compose(record -> views.expand(List.of(record))
      .compose(expanded -> links.shown(caller, expanded.get(0)))
      .compose(schedule -> attendees(record, caller).map(attendees -> Reply.ok(schedule.copy().put("attendees", attendees)))));
  }

  private Future<JsonArray> attendees(JsonObject record, Caller caller) {
    if (caller.is("student")) return attendees(record, caller, false);
    return lookups.policy().mayManage(caller, record.getString("course_id"))
      .compose(all -> all ? attendees(record, caller, true) : Future.succeededFuture(new JsonArray()));
  }

  /** Everyone placed on or marked in the class, or ({@code all} false) only the caller's own entry. */
  private Future<JsonArray> attendees(JsonObject record, Caller caller, boolean all) {
    Future<Set<String>> roster = views.roster(record);
    Future<RowSet<Row>> marks = db.preparedQuery(SchedulingSql.ATTENDANCE_OF_SCHEDULE).execute(Tuple.of(UUID.fromString(record.getString("id"))));
    return Future.all(roster, marks).compose(done -> {
      Set<String> students = new LinkedHashSet<>(roster.result());
      JsonObject marked = new JsonObject();
      for (Row row : marks.result()) {
        String student = row.getUUID("student_id").toString();
        students.add(student);
        marked.put(student, new JsonObject().put("attended", row.getBoolean("attended"))
          .put("marked_at", Iso.of(row.getOffsetDateTime("marked_at"))));
      }
      if (!all) students.removeIf(s -> !s.equals(caller.id()));
      return lookups.users(students).map(users -> {
        JsonArray out = new JsonArray();
        for (String student : students) {
          JsonObject user = users.get(student);
          JsonObject mark = marked.getJsonObject(student);
          out.add(new JsonObject()
            .put("student", Lookups.studentRef(student, user))
            .put("attended", mark == null ? null : mark.getBoolean("attended"))
            .put("marked_at", mark == null ? null : mark.getString("marked_at")));
        }
        return out;
      });
    });
  }

  /** The stored schedule (any status) or 404 SCHEDULE_NOT_FOUND. */
  Future<JsonObject> load(String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(notFound());
    return db.preparedQuery(SchedulingSql.SCHEDULE_BY_ID).execute(Tuple.of(uuid))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound())
        : Future.succeededFuture(ScheduleViews.record(rows.iterator().next())));
  }

  /** The API view of one schedule by id. */
  Future<JsonObject> view(UUID id) {
    return load(id.toString()).compose(record -> views.expand(List.of(record))).map(list -> list.get(0));
  }

  // --- create -----------------------------------------------------------------------------------

  /**
   * Seed §4.8. Admins schedule anyone (see {@link #mayStaff}); an instructor only themself, in courses they
   * teach. end_time defaults to start_time + the course's duration; instructor_id to the course's instructor
   * (or the calling instructor). Without room_id the class is online and needs a meeting_url (issue 17); an online
   * class clashes only with its instructor's classes. description is the session's topic (seed 003 §2.3.2).
   * The caller may manage the course, so the answer shows the link.
   */
  Future<Reply> create(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    String roomParam = body.getString("room_id");
    UUID roomId = roomParam == null ? null : UUID.fromString(roomParam);
    String meetingUrl = MeetingLinks.checked(body.getString("meeting_url"));
    MeetingLinks.requireWhereOnline(roomParam, meetingUrl);
    String description = Values.trimmedOrNull(body.getString("description"));
    OffsetDateTime start = Times.instant("start_time", body.getString("start_time"));
    return activeCourse(body.getString("course_id")).compose(course -> {
      OffsetDateTime end = body.getString("end_time") != null ? Times.instant("end_time", body.getString("end_time"))
        : start.plusMinutes(course.getInteger("duration_minutes"));
      checkTimes(start, end, true);
      String instructorId = instructorFor(caller, body.getString("instructor_id"), course);
      return teachingInstructor(instructorId).compose(instructor -> mayStaff(caller, course.getString("id")).map(instructor))
        .compose(instructor -> {
        UUID courseId = UUID.fromString(course.getString("id"));
        List<Range> wanted = List.of(new Range(start, end));
        return db.withTransaction(conn -> liveRoom(conn, roomId)
            .compose(v -> noClashes(conn, roomId, instructor, wanted, null, false))
            .compose(v -> conn.preparedQuery(SchedulingSql.INSERT).execute(Tuple.tuple().addValue(courseId)
              .addValue(instructor).addValue(roomId).addValue(start).addValue(end).addValue(UUID.fromString(caller.id()))
              .addValue(meetingUrl).addValue(description))))
          .recover(e -> explainViolation(e, roomId, instructor, wanted, null, false))
          .compose(rows -> staffed(caller, course.getString("id"), instructorId).map(rows))
          .compose(rows -> view(rows.iterator().next().getUUID("id")));
      });
    }).map(schedule -> {
      events.publish("schedule.created", eventData(schedule), caller.id());
      return Reply.created(schedule, "Schedule created successfully");
    });
  }

  /** Who teaches: the body's instructor, else the course's, else the calling instructor; an instructor only themself. */
  String instructorFor(Caller caller, String requested, JsonObject course) {
    String instructor = requested != null ? requested
      : caller.is("instructor") ? caller.id() : course.getString("instructor_id");
    if (instructor == null) {
      throw Ids.invalid(ErrorCode.SCHEDULE_INVALID_INSTRUCTOR, "instructor_id",
        "instructor_id is required: the course has no instructor");
    }
    if (caller.is("instructor") && !instructor.equals(caller.id())) {
      throw ErrorCode.AUTH_FORBIDDEN.error("Instructors schedule only the classes they teach themselves");
    }
    return instructor;
  }

  /**
   * Whether the caller may put an instructor on a class of the course: an instructor only in courses they teach
   * (owner or assigned, {@link verticles.bus.CoursePolicy}) — never by creating a class in someone else's course;
   * an admin anyone (see {@link #staffed}).
   */
  Future<Void> mayStaff(Caller caller, String courseId) {
    if (caller.is("admin")) return Future.succeededFuture();
    return lookups.policy().require(caller, courseId, "You can only schedule classes of courses you teach");
  }

  /**
   * After an admin's class was committed: an instructor who did not teach the course yet is now assigned to it (the
   * admin's decision, recorded in the catalog's relation). A refused or failed scheduling assigns nobody. Should the
   * catalog not answer, the class stays and the assignment is left to the admin (logged).
   */
  Future<Void> staffed(Caller caller, String courseId, String instructorId) {
    if (!caller.is("admin")) return Future.succeededFuture();
    return lookups.assignInstructor(courseId, instructorId, caller.id()).recover(e -> {
      LOG.warn("Class scheduled, but instructor {} could not be assigned to course {}: {}", instructorId, courseId, e.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The course (catalog) if it exists and is active. */
  Future<JsonObject> activeCourse(String id) {
    return lookups.course(id).compose(course -> course.getBoolean("is_active", false) ? Future.succeededFuture(course)
      : Future.failedFuture(ErrorCode.SCHEDULE_COURSE_INACTIVE.error("The course is not active",
        new JsonObject().put("course_id", id))));
  }

  /** The user must be an instructor who is not suspended (asked of auth). */
  Future<UUID> teachingInstructor(String id) {
    ApiError invalid = Ids.invalid(ErrorCode.SCHEDULE_INVALID_INSTRUCTOR, "instructor_id",
      "instructor_id must be the id of an instructor who is not suspended");
    if (Values.uuidOrNull(id) == null) return Future.failedFuture(invalid);
    return lookups.user(id)
      .recover(e -> Future.failedFuture(Lookups.is(e, ErrorCode.AUTH_USER_NOT_FOUND) ? invalid : e))
      .compose(user -> "instructor".equals(user.getString("role")) && !"suspended".equals(user.getString("status"))
        ? Future.succeededFuture(UUID.fromString(id)) : Future.failedFuture(invalid));
  }

  /** start < end, at most the configured length; not in the past when {@code future} says so. */
  void checkTimes(OffsetDateTime start, OffsetDateTime end, boolean future) {
    if (!Times.inRange(end.getYear())) throw Times.outOfRange("end_time");
    if (!start.isBefore(end)) {
      throw ErrorCode.SCHEDULE_INVALID_TIME.error("start_time must be before end_time",
        new JsonObject().put("start_time", Iso.of(start)).put("end_time", Iso.of(end)));
    }
    long minutes = Duration.between(start, end).toMinutes();
    if (minutes > settings.maxDurationMinutes()) {
      throw ErrorCode.SCHEDULE_INVALID_TIME.error("A class may last at most " + settings.maxDurationMinutes() + " minutes",
        new JsonObject().put("duration_minutes", minutes).put("max_duration_minutes", settings.maxDurationMinutes()));
    }
    if (future && start.isBefore(Times.now())) {
      throw ErrorCode.SCHEDULE_PAST_TIME.error("A class cannot be scheduled in the past",
        new JsonObject().put("start_time", Iso.of(start)));
    }
  }

  /** The room, share-locked until the class is committed; nothing for an online class (no room). */
  static Future<Void> liveRoom(SqlClient conn, UUID roomId) {
    if (roomId == null) return Future.succeededFuture();
    return conn.preparedQuery(SchedulingSql.ROOM_SHARE).execute(Tuple.of(roomId))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(Rooms.notFound()) : Future.succeededFuture());
  }

  // --- clashes ----------------------------------------------------------------------------------

  /** Fails with 409 SCHEDULE_CONFLICT naming every clash of the wanted ranges. */
  Future<Void> noClashes(SqlClient conn, UUID room, UUID instructor, List<Range> wanted, UUID except, boolean series) {
    return clashes(conn, room, instructor, wanted, except).compose(rows -> rows.size() == 0 ? Future.succeededFuture()
      : Future.failedFuture(conflict(rows, room, instructor, series)));
  }

  private static Future<RowSet<Row>> clashes(SqlClient conn, UUID room, UUID instructor, List<Range> wanted, UUID except) {
    OffsetDateTime[] starts = wanted.stream().map(Range::start).toArray(OffsetDateTime[]::new);
    OffsetDateTime[] ends = wanted.stream().map(Range::end).toArray(OffsetDateTime[]::new);
    return conn.preparedQuery(SchedulingSql.CLASHES).execute(Tuple.tuple().addValue(room).addValue(instructor)
      .addValue(starts).addValue(ends).addValue(except));
  }

  /**
   * After a write failed: an exclusion violation means a concurrent write won the slot between our check
   * and our insert. Its transaction has committed, so asking again names it; if it is gone already, the
   * violated constraint still tells which resource clashed.
   */
  <T> Future<T> explainViolation(Throwable e, UUID room, UUID instructor, List<Range> wanted, UUID except, boolean series) {
    if (!(e instanceof PgException pg) || !"23P01".equals(pg.getSqlState())) return Future.failedFuture(e);
    return clashes(db, room, instructor, wanted, except).compose(rows -> {
      if (rows.size() > 0) return Future.failedFuture(conflict(rows, room, instructor, series));
      boolean roomClash = SchedulingSql.ROOM_CONSTRAINT.equals(pg.getConstraint());
      JsonObject clash = new JsonObject().put("resource", roomClash ? "room" : "instructor")
        .put(roomClash ? "room_id" : "instructor_id", (roomClash ? room : instructor).toString());
      return Future.failedFuture(ErrorCode.SCHEDULE_CONFLICT.error(
        "The " + clash.getString("resource") + " is already booked at that time",
        new JsonObject().put("conflicts", new JsonArray().add(clash))));
    });
  }

  /**
   * 409 SCHEDULE_CONFLICT: details.conflicts = [{resource: room|instructor, room_id|instructor_id,
   * schedule_id, start_time, end_time (the clashing class), date, requested_start, requested_end}] and, for a
   * series, details.dates = every conflicting date (academy zone of the series).
   */
  private ApiError conflict(RowSet<Row> rows, UUID room, UUID instructor, boolean series) {
    JsonArray conflicts = new JsonArray();
    Set<String> dates = new TreeSet<>();
    for (Row row : rows) {
      OffsetDateTime wantedStart = row.getOffsetDateTime("wanted_start");
      String date = wantedStart.atZoneSameInstant(settings.zone()).toLocalDate().toString();
      dates.add(date);
      for (String resource : new String[]{"room", "instructor"}) {
        UUID mine = resource.equals("room") ? room : instructor;
        UUID theirs = row.getUUID(resource + "_id");
        if (mine == null || !mine.equals(theirs)) continue; // an online class (no room) clashes by its instructor only
        conflicts.add(new JsonObject()
          .put("resource", resource)
          .put(resource + "_id", theirs.toString())
          .put("schedule_id", row.getUUID("id").toString())
          .put("start_time", Iso.of(row.getOffsetDateTime("start_time")))
          .put("end_time", Iso.of(row.getOffsetDateTime("end_time")))
          .put("date", date)
          .put("requested_start", Iso.of(wantedStart))
          .put("requested_end", Iso.of(row.getOffsetDateTime("wanted_end"))));
      }
    }
    JsonObject first = conflicts.getJsonObject(0);
    String message = series
      ? "The series clashes with existing classes on " + String.join(", ", dates)
      : "The " + first.getString("resource") + " is already booked from " + first.getString("start_time") + " to "
        + first.getString("end_time") + " (schedule " + first.getString("schedule_id") + ")";
    JsonObject details = new JsonObject().put("conflicts", conflicts);
    if (series) details.put("dates", new JsonArray(new ArrayList<>(dates)));
    return ErrorCode.SCHEDULE_CONFLICT.error(message, details);
  }

  // --- update -----------------------------------------------------------------------------------

  /**
   * Seed §4.9 as a partial change (also how one occurrence of a series is moved). Sending only
   * start_time moves the class and keeps its length. Admins change any class; an instructor only
   * their own classes of courses they teach (also the course moved to), and cannot hand them to someone else.
   * {@code room_id: null} makes the class online (it then needs a meeting_url, kept or sent); a room given to an
   * online class keeps its link (hybrid) unless {@code meeting_url: null} is sent; {@code description: null} clears
   * the topic.
   */
  Future<Reply> update(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    return load(req.pathParam("id")).compose(old -> {
      if (!"scheduled".equals(old.getString("status"))) return Future.failedFuture(notFound());
      if (caller.is("instructor") && !caller.id().equals(old.getString("instructor_id"))) {
        return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only change classes you teach"));
      }
      OffsetDateTime oldStart = Times.instant("start_time", old.getString("start_time"));
      OffsetDateTime oldEnd = Times.instant("end_time", old.getString("end_time"));
      OffsetDateTime start = body.containsKey("start_time") ? Times.instant("start_time", body.getString("start_time")) : oldStart;
      OffsetDateTime end = body.containsKey("end_time") ? Times.instant("end_time", body.getString("end_time"))
        : start.plus(Duration.between(oldStart, oldEnd));
      boolean moved = !start.equals(oldStart) || !end.equals(oldEnd);
      checkTimes(start, end, moved);
      String courseId = body.getString("course_id", old.getString("course_id"));
      String instructorId = body.getString("instructor_id", old.getString("instructor_id"));
      if (caller.is("instructor") && !instructorId.equals(caller.id())) {
        return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Instructors cannot hand a class to someone else"));
      }
      String roomParam = body.containsKey("room_id") ? body.getString("room_id") : old.getString("room_id");
      UUID roomId = roomParam == null ? null : UUID.fromString(roomParam);
      String meetingUrl = body.containsKey("meeting_url") ? MeetingLinks.checked(body.getString("meeting_url"))
        : old.getString("meeting_url");
      MeetingLinks.requireWhereOnline(roomParam, meetingUrl);
      String description = body.containsKey("description") ? Values.trimmedOrNull(body.getString("description"))
        : old.getString("description");
      Future<JsonObject> course = (courseId.equals(old.getString("course_id")) ? Future.<JsonObject>succeededFuture() : activeCourse(courseId))
        .compose(c -> caller.is("admin") ? Future.succeededFuture(c) : lookups.policy()
          .require(caller, List.of(old.getString("course_id"), courseId), "You can only change classes of courses you teach").map(c));
      boolean restaffed = !courseId.equals(old.getString("course_id")) || !instructorId.equals(old.getString("instructor_id"));
      Future<UUID> instructor = instructorId.equals(old.getString("instructor_id"))
        ? Future.succeededFuture(UUID.fromString(instructorId)) : teachingInstructor(instructorId);
      UUID id = UUID.fromString(old.getString("id"));
      List<Range> wanted = List.of(new Range(start, end));
      return Future.all(course, instructor).compose(checked -> db.withTransaction(conn ->
            conn.preparedQuery(SchedulingSql.LOCK_LIVE).execute(Tuple.of(id))
              .compose(locked -> {
                if (locked.size() == 0) return Future.failedFuture(notFound());
                // the permission was checked on an unlocked read: check it again on the locked row
                if (caller.is("instructor") && !caller.id().equals(locked.iterator().next().getUUID("instructor_id").toString())) {
                  return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only change classes you teach"));
                }
                return liveRoom(conn, roomId);
              })
              .compose(v -> noClashes(conn, roomId, instructor.result(), wanted, id, false))
              .compose(v -> conn.preparedQuery(SchedulingSql.UPDATE).execute(Tuple.tuple().addValue(id)
                .addValue(UUID.fromString(courseId)).addValue(instructor.result()).addValue(roomId)
                .addValue(start).addValue(end).addValue(meetingUrl).addValue(description))))
          .recover(e -> explainViolation(e, roomId, instructor.result(), wanted, id, false)))
        .compose(done -> restaffed ? staffed(caller, courseId, instructorId) : Future.succeededFuture())
        .compose(done -> view(id))
        .map(schedule -> {
          events.publish("schedule.updated", eventData(schedule).put("previous", new JsonObject()
            .put("course_id", old.getString("course_id")).put("instructor_id", old.getString("instructor_id"))
            .put("room_id", old.getString("room_id")).put("start_time", old.getString("start_time"))
            .put("end_time", old.getString("end_time"))), caller.id());
          return Reply.ok(schedule, "Schedule updated successfully");
        });
    });
  }

  // --- cancel (soft delete) ---------------------------------------------------------------------

  /**
   * Seed §4.10: cancels the class (also one occurrence of a series). Refused with 409
   * SCHEDULE_CANNOT_DELETE once attendance was taken; the row is locked first and attendance marks
   * share-lock it, so a mark cannot slip in between the check and the cancellation.
   */
  Future<Reply> delete(BusRequest req) {
    Caller caller = req.user();
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    return db.withTransaction(conn -> conn.preparedQuery(SchedulingSql.LOCK_LIVE).execute(Tuple.of(id))
        .compose(locked -> locked.size() == 0 ? Future.failedFuture(notFound())
          : mayCancel(caller, locked.iterator().next()).compose(v -> conn.preparedQuery(SchedulingSql.HAS_ATTENDANCE).execute(Tuple.of(id))))
        .compose(marked -> marked.iterator().next().getBoolean("marked")
          ? Future.failedFuture(ErrorCode.SCHEDULE_CANNOT_DELETE.error("Attendance was taken for this class; it cannot be deleted"))
          : conn.preparedQuery(SchedulingSql.CANCEL).execute(Tuple.of(new UUID[]{id}, UUID.fromString(caller.id())))))
      .map(rows -> {
        for (Row row : rows) events.publish("schedule.deleted", eventOf(row), caller.id());
        return Reply.message("Schedule deleted successfully");
      });
  }

  /**
   * Who may cancel a class (issue 17: admins and the course's instructors): an instructor the classes they teach of a
   * course they teach — the rule of moving one; else 403 {@code AUTH_FORBIDDEN}.
   */
  private Future<Void> mayCancel(Caller caller, Row locked) {
    if (caller.is("admin")) return Future.succeededFuture();
    if (!caller.id().equals(locked.getUUID("instructor_id").toString())) {
      return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only cancel classes you teach"));
    }
    return lookups.policy().require(caller, locked.getUUID("course_id").toString(), "You can only cancel classes of courses you teach");
  }

  /** An event's data from a schedule row; {@code room_id} is null for an online class (the link is never in events). */
  static JsonObject eventOf(Row row) {
    UUID series = row.getUUID("series_id");
    UUID room = row.getUUID("room_id");
    return new JsonObject()
      .put("schedule_id", row.getUUID("id").toString())
      .put("course_id", row.getUUID("course_id").toString())
      .put("instructor_id", row.getUUID("instructor_id").toString())
      .put("room_id", room == null ? null : room.toString())
      .put("series_id", series == null ? null : series.toString())
      .put("start_time", Iso.of(row.getOffsetDateTime("start_time")))
      .put("end_time", Iso.of(row.getOffsetDateTime("end_time")));
  }

  static JsonObject eventData(JsonObject schedule) {
    return new JsonObject()
      .put("schedule_id", schedule.getString("id"))
      .put("course_id", schedule.getString("course_id"))
      .put("instructor_id", schedule.getString("instructor_id"))
      .put("room_id", schedule.getString("room_id"))
      .put("series_id", schedule.getString("series_id"))
      .put("start_time", schedule.getString("start_time"))
      .put("end_time", schedule.getString("end_time"));
  }

  // --- iCalendar feed ---------------------------------------------------------------------------

  /**
   * The list's filters as an RFC 5545 feed (text/calendar) of live classes; without start_date it
   * starts 30 days back, and holds at most scheduling.calendar_max_events events. Links of online classes as the
   * list shows them ({@link MeetingLinks}).
   */
  Future<Reply> calendar(BusRequest req) {
    JsonObject q = req.query().copy().put("include_cancelled", false);
    if (q.getString("start_date") == null) q.put("start_date", Iso.of(feedStart()));
    Tuple filters = filters(q).addInteger(settings.calendarMaxEvents());
    return feed(SchedulingSql.SCHEDULES_FEED, filters, req.user(), calendarName(q, req.language()), req.language())
      .map(text -> Reply.raw(200, ICalendar.MEDIA_TYPE, text));
  }

  /** Where a feed without a start date begins: 30 days back. */
  static OffsetDateTime feedStart() {
    return Times.now().minusDays(30);
  }

  /**
   * The RFC 5545 text of the classes a feed query selects ({@code sql} with {@code params}: schedule rows), links of
   * online classes as {@code reader} may see them ({@link MeetingLinks}), labels in {@code language} — the one way
   * every feed is made.
   */
  Future<String> feed(String sql, Tuple params, Caller reader, String name, String language) {
    return db.preparedQuery(sql).execute(params)
      .compose(rows -> views.expand(ScheduleViews.records(rows)))
      .compose(schedules -> links.shown(reader, schedules))
      .map(schedules -> ICalendar.render(name, schedules, language));
  }

  private static String calendarName(JsonObject q, String language) {
    if (q.getString("instructor_id") != null) return ApiTexts.format("calendar.name.instructor", language, q.getString("instructor_id"));
    if (q.getString("room_id") != null) return ApiTexts.format("calendar.name.room", language, q.getString("room_id"));
    if (q.getString("course_id") != null) return ApiTexts.format("calendar.name.course", language, q.getString("course_id"));
    return ApiTexts.format("calendar.name", language);
  }

  static ApiError notFound() {
    return ErrorCode.SCHEDULE_NOT_FOUND.error("Schedule not found");
  }
}
