package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Languages;
import verticles.bus.LocalTimes;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.Values;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A course's sessions (seed 003 §2.3.1, issue 17): {@code GET /api/courses/{id}/sessions}. Sessions are the course's
 * classes; they are created, moved and cancelled through {@code /api/schedules}.
 */
final class Sessions {
  /** A course has tens of sessions: one page holds 100 by default, and 100 at most. */
  static final int DEFAULT_LIMIT = 100;

  private final Pool db;
  private final Lookups lookups;
  private final MeetingLinks links;
  private final LocalTimes times;

  Sessions(Pool db, Lookups lookups, MeetingLinks links, LocalTimes times) {
    this.db = db;
    this.lookups = lookups;
    this.links = links;
    this.times = times;
  }

  /**
   * → {sessions: [{id, course_id, start_time, end_time, start_time_local, end_time_local, duration_hours, description, room {id, name} | null,
   * instructor {id, name} | null, meeting_url, online}], pagination}: the live classes of the course, past and future,
   * earliest first (ties by id); cancelled classes are left out. {@code duration_hours} is the length in hours, to two
   * decimals (90 minutes → 1.5). {@code start_time_local} and {@code end_time_local} show the times in the academy's
   * zone in Indonesian ({@code 8 Desember 2026 pukul 23.00}; an evening class can end on the next day). An online class has {@code room: null} and {@code online: true}; its {@code
   * meeting_url} is shown to the people of the class only ({@link MeetingLinks}; null for everyone else).
   * <p>
   * Who may read them: whoever may read the course ({@code GET /api/courses/{id}}) — anyone, signed in or not, for an
   * active course; an inactive one only admins and its owning instructor. Otherwise, and for an unknown course, 404
   * {@code COURSE_NOT_FOUND}; instructor names come from auth (null when the account is gone).
   */
  Future<Reply> ofCourse(BusRequest req) {
    Caller caller = req.user();
    String courseId = req.pathParam("id");
    if (Values.uuidOrNull(courseId) == null) return Future.failedFuture(courseNotFound());
    Page page = new Page(req.query().getInteger("page", 1), req.query().getInteger("limit", DEFAULT_LIMIT));
    return lookups.course(courseId)
      .compose(course -> sees(caller, course) ? Future.succeededFuture(course) : Future.failedFuture(courseNotFound()))
      .compose(course -> {
        UUID id = UUID.fromString(courseId);
        Future<RowSet<Row>> rows = db.preparedQuery(SchedulingSql.COURSE_SESSIONS_PAGE).execute(Tuple.of(id, page.limit(), page.offset()));
        Future<RowSet<Row>> count = db.preparedQuery(SchedulingSql.COURSE_SESSIONS_COUNT).execute(Tuple.of(id));
        return Future.all(rows, count).compose(done -> {
          List<JsonObject> sessions = new ArrayList<>();
          for (Row row : rows.result()) sessions.add(session(row, times));
          return Future.all(lookups.users(ScheduleViews.field(sessions, "instructor_id")), links.shown(caller, sessions))
            .map(found -> {
              Map<String, JsonObject> users = found.resultAt(0);
              List<JsonObject> shown = found.resultAt(1);
              JsonArray out = new JsonArray();
              for (JsonObject session : shown) {
                String instructorId = (String) session.remove("instructor_id");
                JsonObject user = users.get(instructorId);
                out.add(session.put("instructor", new JsonObject().put("id", instructorId)
                  .put("name", user == null ? null : user.getString("full_name"))));
              }
              return Reply.ok(new JsonObject().put("sessions", out)
                .put("pagination", page.pagination(count.result().iterator().next().getLong("total"))));
            });
        });
      });
  }

  /** The catalog's rule for {@code GET /api/courses/{id}}: an inactive course exists only for admins and its owner. */
  static boolean sees(Caller caller, JsonObject course) {
    if (course.getBoolean("is_active", false)) return true;
    if (caller == null) return false;
    return caller.is("admin") || caller.is("instructor") && caller.id().equals(course.getString("instructor_id"));
  }

  /** One session (its instructor_id stays until the names are known). */
  private static JsonObject session(Row row, LocalTimes times) {
    UUID room = row.getUUID("room_id");
    OffsetDateTime start = row.getOffsetDateTime("start_time"), end = row.getOffsetDateTime("end_time");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("course_id", row.getUUID("course_id").toString())
      .put("instructor_id", row.getUUID("instructor_id").toString())
      .put("start_time", Iso.of(start))
      .put("end_time", Iso.of(end))
      .put("start_time_local", times.dateTime(start.toInstant(), Languages.INDONESIAN))
      .put("end_time_local", times.dateTime(end.toInstant(), Languages.INDONESIAN))
      .put("duration_hours", hours(Duration.between(start, end)))
      .put("description", row.getString("description"))
      .put("room", room == null ? null : new JsonObject().put("id", room.toString()).put("name", row.getString("room_name")))
      .put("online", room == null)
      .put("meeting_url", row.getString("meeting_url"));
  }

  /** The length in hours, two decimals (half up), whole hours as integers: 120 minutes → 2, 90 → 1.5, 50 → 0.83. */
  static Number hours(Duration length) {
    BigDecimal hours = BigDecimal.valueOf(length.toSeconds()).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)
      .stripTrailingZeros();
    return hours.scale() <= 0 ? (Number) hours.longValueExact() : (Number) hours.doubleValue();
  }

  private static verticles.bus.ApiError courseNotFound() {
    return ErrorCode.COURSE_NOT_FOUND.error("Course not found");
  }
}
