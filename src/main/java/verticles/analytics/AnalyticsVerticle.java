package verticles.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import verticles.bus.AnalyticsClient;
import verticles.bus.CatalogClient;
import verticles.bus.ChatClient;
import verticles.bus.CoursePolicy;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Reply;
import verticles.infra.Database;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Analytics (schema {@code analytics}, read-only views over the other schemas): the admin overview, course,
 * student and instructor figures (JSON or CSV), and the admin console's dashboard gathered from the owning
 * verticles over the bus. Definitions of the figures are in {@link AnalyticsSql} and the contract.
 */
public final class AnalyticsVerticle extends DomainVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsVerticle.class);

  @Override
  protected void routes(Endpoints e) {
    e.on("analytics.dashboard", this::dashboard)
      .on("analytics.course", this::course)
      .on("analytics.student", this::student)
      .on("analytics.instructor", this::instructor)
      .on("analytics.adminDashboard", this::adminDashboard);
  }

  /** Domain events after which the overview figures may have changed; each is followed by a live update. */
  static final List<String> LIVE_EVENTS = List.of("enrollment.created", "enrollment.approved", "enrollment.rejected",
    "enrollment.cancelled", "enrollment.expired", "booking.created", "user.registered", "user.role.changed",
    "schedule.created", "schedule.updated", "schedule.deleted", "attendance.marked",
    // payments (issue 18): revenue is the money received
    "payment.received");

  @Override
  protected String name() {
    return "analytics";
  }

  /** The longest period a course report covers (its trend has one row per month). */
  static final int MAX_PERIOD_MONTHS = 120;
  /** Months of the overview's enrollment trend: the current one and the 11 before it. */
  static final int TREND_MONTHS = 12;
  /** Items of each list in the admin console's dashboard. */
  static final int DASHBOARD_ITEMS = 10;

  private Pool db;
  private ZoneId zone;
  private DeliveryOptions ask;
  private ChatClient chatClient;
  private CoursePolicy policy;
  private final List<MessageConsumer<JsonObject>> eventConsumers = new ArrayList<>();
  /** The live overview is computed at most once per this many milliseconds. */
  static final long LIVE_INTERVAL_MS = 1000;
  private boolean refreshing, refreshAgain;
  private long lastRefreshStarted, liveTimer = -1;
  private String lastEvent;
  /** Bridges with a live dashboard watcher → until when that holds (ms). */
  private final Map<String, Long> watchers = new HashMap<>();
  private Counter published, failed, unwatched;

  @Override
  protected Future<?> setUp() {
    zone = ZoneId.of(config().getString("timezone", "Asia/Jakarta"));
    db = Database.pool(vertx, config());
    ask = askOptions(); // so the dashboard still answers when a verticle we ask does not
    chatClient = new ChatClient(vertx, ask);
    policy = new CoursePolicy(new CatalogClient(vertx, ask));
    for (String type : LIVE_EVENTS) {
      eventConsumers.add(vertx.eventBus().<JsonObject>consumer("events." + type, m -> liveUpdate(type)));
    }
    eventConsumers.add(vertx.eventBus().<JsonObject>consumer(AnalyticsClient.LIVE_WATCHERS, m -> watchers(m.body())));
    MeterRegistry registry = BackendRegistries.getNow(config().getString("metrics_registry"));
    published = liveCounter(registry, "published");
    failed = liveCounter(registry, "failed");
    unwatched = liveCounter(registry, "unwatched");
    return Future.all(eventConsumers.stream().map(MessageConsumer::completion).toList())
      .onSuccess(v -> AnalyticsClient.askWatchers(vertx)); // admins may be watching already
  }

  @Override
  protected Future<?> tearDown() {
    if (liveTimer >= 0) vertx.cancelTimer(liveTimer);
    return Future.join(eventConsumers.stream().map(MessageConsumer::unregister).toList())
      .transform(done -> db.close());
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  // --- GET /api/analytics/dashboard -------------------------------------------------------------

  private Future<Reply> dashboard(BusRequest req) {
    return overview().map(data -> answer(req, data, "dashboard"));
  }

  /** The overview figures (the data of GET /api/analytics/dashboard). */
  private Future<JsonObject> overview() {
    return overview(db);
  }

  /** The overview's counts, then its enrollment trend, on one client (the pool, or a live update's transaction). */
  private Future<JsonObject> overview(SqlClient client) {
    Period months = Period.lastMonths(TREND_MONTHS, zone);
    return client.preparedQuery(AnalyticsSql.DASHBOARD).execute(Tuple.of(zone.getId()))
      .compose(figures -> client.preparedQuery(AnalyticsSql.ENROLLMENT_TREND).execute(trendArguments(null, months))
        .map(trend -> overview(figures).put("enrollment_trend", trend(trend))));
  }

  /**
   * The overview for a live update, which nobody waits for: in a read-only transaction that gives up after a short
   * lock wait, so a background recomputation never holds up (or deadlocks with) a writer that locks the tables
   * it reads (DDL, TRUNCATE); the next event computes it again.
   */
  private Future<JsonObject> liveOverview() {
    return db.withTransaction(conn -> conn.query(AnalyticsSql.LIVE_TRANSACTION).execute().compose(v -> overview(conn)));
  }

  private static JsonObject overview(RowSet<Row> rows) {
    Row r = rows.iterator().next();
    JsonObject data = new JsonObject()
      .put("students", new JsonObject().put("total", r.getLong("students_total"))
        .put("new_this_month", r.getLong("students_new_this_month")).put("active", r.getLong("students_active")))
      .put("instructors", new JsonObject().put("total", r.getLong("instructors_total"))
        .put("active", r.getLong("instructors_active")))
      .put("courses", new JsonObject().put("total", r.getLong("courses_total")).put("active", r.getLong("courses_active")))
      .put("enrollments", new JsonObject().put("total", r.getLong("enrollments_total"))
        .put("pending", r.getLong("enrollments_pending"))
        .put("approved_this_month", r.getLong("enrollments_approved_this_month")))
      .put("schedules", new JsonObject().put("upcoming", r.getLong("schedules_upcoming")).put("today", r.getLong("schedules_today")))
      .put("attendance", new JsonObject()
        .put("overall_rate", rate(r.getLong("attendance_attended"), r.getLong("attendance_marked")))
        .put("today", r.getLong("attendance_today")))
      .put("revenue", new JsonObject().put("total", r.getLong("revenue_total")).put("this_month", r.getLong("revenue_this_month")));
    return data;
  }

  // --- live.dashboard ---------------------------------------------------------------------------

  /**
   * After a domain event, publishes the overview on {@code live.dashboard}: {@code {figures, event_type, updated_at}}.
   * Bursts coalesce: at most one computation starts per {@link #LIVE_INTERVAL_MS} (the first event after a quiet
   * interval at once); events meanwhile cause exactly one more at the end of the interval (naming the last event), so
   * the last published figures always reflect every event seen. Under a registration burst the overview's aggregates
   * would otherwise run back to back and take the database's CPU from the registrations themselves (issue 13). Only
   * while a bridge reports a watcher ({@link #watchers}): an event nobody would see computes nothing.
   */
  private void liveUpdate(String eventType) {
    lastEvent = eventType;
    if (!watched()) { // nobody would see it: computed when someone starts watching
      unwatched.increment();
      return;
    }
    if (refreshing || liveTimer >= 0) {
      refreshAgain = true;
      return;
    }
    long wait = lastRefreshStarted + LIVE_INTERVAL_MS - System.currentTimeMillis();
    if (wait > 0) {
      liveTimer = vertx.setTimer(wait, t -> {
        liveTimer = -1;
        refresh();
      });
      return;
    }
    refresh();
  }

  private void refresh() {
    refreshing = true;
    refreshAgain = false;
    lastRefreshStarted = System.currentTimeMillis();
    String cause = lastEvent;
    liveOverview().onComplete(done -> {
      if (done.succeeded()) {
        published.increment();
        vertx.eventBus().publish(AnalyticsClient.LIVE, new JsonObject().put("figures", done.result()).put("event_type", cause)
          .put("updated_at", java.time.Instant.now().toString()));
      } else {
        failed.increment();
        LOG.warn("Live dashboard not updated after {}: {}", cause, done.cause().getMessage());
      }
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        liveUpdate(lastEvent);
      }
    });
  }

  /**
   * A bridge's watchers signal ({@link AnalyticsClient#LIVE_WATCHERS}): its "watching" holds for
   * {@link AnalyticsClient#LEASE_MS} (renewed while true; a bridge that died stops renewing). A bridge that starts
   * watching gets the current figures at once (coalesced like the events' updates), so its watchers never wait for
   * the next event to see what happened while nobody watched.
   */
  private void watchers(JsonObject signal) {
    String bridge = signal.getString("bridge");
    if (bridge == null) return;
    if (!signal.getBoolean("watching", false)) {
      watchers.remove(bridge);
      return;
    }
    boolean known = watched() && watchers.containsKey(bridge);
    watchers.put(bridge, System.currentTimeMillis() + AnalyticsClient.LEASE_MS);
    if (!known) liveUpdate(lastEvent);
  }

  /** Whether a bridge has a live dashboard watcher now. */
  private boolean watched() {
    long now = System.currentTimeMillis();
    watchers.values().removeIf(until -> until < now);
    return !watchers.isEmpty();
  }

  /** {@code academy_live_dashboard_total{outcome}}: overviews published or failed, events nobody watched. */
  private static Counter liveCounter(MeterRegistry registry, String outcome) {
    return Counter.builder("academy_live_dashboard_total").description("Live dashboard updates by outcome")
      .tag("outcome", outcome).register(registry);
  }

  // --- GET /api/analytics/courses/{id} ----------------------------------------------------------

  private Future<Reply> course(BusRequest req) {
    UUID id = UUID.fromString(req.pathParam("id"));
    Period period;
    try {
      period = Period.of(req.query(), zone);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ErrorCode.ANALYTICS_INVALID_PERIOD.error(e.getMessage()));
    }
    Caller caller = req.user();
    return db.preparedQuery(AnalyticsSql.COURSE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ErrorCode.COURSE_NOT_FOUND.error("Course not found"));
      Row course = rows.iterator().next();
      Future<Void> allowed = policy.require(caller, id.toString(), "Only admins and the course's instructors see its analytics");
      return allowed.compose(v -> {
        Tuple range = Tuple.of(id, period.from(), period.to());
        Future<RowSet<Row>> stats = db.preparedQuery(AnalyticsSql.COURSE_STATS).execute(range);
        Future<RowSet<Row>> trend = db.preparedQuery(AnalyticsSql.ENROLLMENT_TREND).execute(trendArguments(id, period));
        return Future.all(stats, trend).map(done -> {
          Row s = stats.result().iterator().next();
          JsonObject data = new JsonObject()
            .put("course", new JsonObject().put("id", id.toString()).put("title", course.getString("title"))
              .put("level", course.getString("level")))
            .put("period", new JsonObject().put("start_date", period.start().toString()).put("end_date", period.end().toString()))
            .put("stats", new JsonObject()
              .put("total_enrollments", s.getLong("total_enrollments"))
              .put("approved_enrollments", s.getLong("approved"))
              .put("pending_enrollments", s.getLong("pending"))
              .put("rejected_enrollments", s.getLong("rejected"))
              .put("total_schedules", s.getLong("total_schedules"))
              .put("total_sessions_held", s.getLong("sessions_held"))
              .put("average_attendance_rate", rate(s.getLong("attended"), s.getLong("marked")))
              .put("revenue", s.getLong("revenue")))
            .put("enrollment_trend", trend(trend.result()));
          return answer(req, data, "course-" + id);
        });
      });
    });
  }

  // --- GET /api/analytics/students/{id} ---------------------------------------------------------

  private Future<Reply> student(BusRequest req) {
    UUID id = UUID.fromString(req.pathParam("id"));
    Caller caller = req.user();
    // admins and the student themself see everything; an instructor only what belongs to the courses they teach
    Future<UUID[]> scope;
    if (caller.is("admin") || caller.id().equals(id.toString())) {
      scope = Future.succeededFuture(null);
    } else if (caller.is("instructor")) {
      scope = policy.courseIds(caller)
        .compose(courses -> db.preparedQuery(AnalyticsSql.TEACHES_STUDENT).execute(Tuple.tuple().addUUID(id).addArrayOfUUID(courses))
          .compose(t -> t.iterator().next().getBoolean("teaches") ? Future.succeededFuture(courses)
            : Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only see the analytics of your own students"))));
    } else {
      scope = Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You can only see your own analytics"));
    }
    return scope.compose(courseScope -> user(id, "student").compose(user -> {
      Tuple scoped = Tuple.tuple().addUUID(id).addArrayOfUUID(courseScope);
      Future<RowSet<Row>> enrollments = db.preparedQuery(AnalyticsSql.STUDENT_ENROLLMENTS).execute(scoped);
      Future<RowSet<Row>> attendance = db.preparedQuery(AnalyticsSql.STUDENT_ATTENDANCE).execute(scoped);
      Future<RowSet<Row>> courses = db.preparedQuery(AnalyticsSql.STUDENT_COURSES)
        .execute(Tuple.tuple().addUUID(id).addString(zone.getId()).addArrayOfUUID(courseScope));
      Future<RowSet<Row>> assignments = db.preparedQuery(AnalyticsSql.STUDENT_ASSIGNMENTS).execute(scoped);
      return Future.all(enrollments, attendance, courses, assignments).map(done -> {
        Row e = enrollments.result().iterator().next();
        Row a = attendance.result().iterator().next();
        Row w = assignments.result().iterator().next();
        long approved = e.getLong("approved"), completed = e.getLong("completed");
        long marked = a.getLong("marked"), attended = a.getLong("attended");
        JsonArray rows = new JsonArray();
        for (Row c : courses.result()) {
          rows.add(new JsonObject().put("course_id", c.getUUID("course_id").toString()).put("title", c.getString("title"))
            .put("enrollment_date", c.getString("enrollment_date"))
            .put("attendance_rate", rate(c.getLong("attended"), c.getLong("marked")))
            .put("classes_attended", c.getLong("attended")).put("total_classes", c.getLong("marked")));
        }
        JsonObject data = new JsonObject()
          .put("student", user)
          .put("enrollments", new JsonObject().put("total", e.getLong("total")).put("active", approved - completed)
            .put("completed", completed).put("pending", e.getLong("pending")))
          .put("attendance", new JsonObject().put("total_classes", marked).put("attended", attended)
            .put("absent", marked - attended).put("attendance_rate", rate(attended, marked)))
          .put("assignments", new JsonObject().put("assigned", w.getLong("assigned")).put("submitted", w.getLong("submitted"))
            .put("late", w.getLong("late")).put("graded", w.getLong("graded"))
            .put("average_score", w.getDouble("average_score")))
          .put("courses", rows);
        return answer(req, data, "student-" + id);
      });
    }));
  }

  // --- GET /api/analytics/instructors/{id} ------------------------------------------------------

  private Future<Reply> instructor(BusRequest req) {
    UUID id = UUID.fromString(req.pathParam("id"));
    Caller caller = req.user();
    if (!caller.is("admin") && !caller.id().equals(id.toString())) {
      return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Instructors can only see their own analytics"));
    }
    return user(id, "instructor").compose(user -> policy.courseIdsTaughtBy(id.toString()).compose(taught -> {
      Tuple of = Tuple.tuple().addUUID(id).addArrayOfUUID(taught);
      Future<RowSet<Row>> totals = db.preparedQuery(AnalyticsSql.INSTRUCTOR_TOTALS).execute(of);
      Future<RowSet<Row>> courses = db.preparedQuery(AnalyticsSql.INSTRUCTOR_COURSES).execute(of);
      return Future.all(totals, courses).map(done -> {
        Row t = totals.result().iterator().next();
        JsonArray rows = new JsonArray();
        for (Row c : courses.result()) {
          rows.add(new JsonObject().put("course_id", c.getUUID("course_id").toString()).put("title", c.getString("title"))
            .put("students_enrolled", c.getLong("students_enrolled")).put("sessions_held", c.getLong("sessions_held"))
            .put("attendance_rate", rate(c.getLong("attended"), c.getLong("marked"))));
        }
        JsonObject data = new JsonObject()
          .put("instructor", user)
          .put("courses_taught", t.getLong("courses_taught"))
          .put("total_students", t.getLong("total_students"))
          .put("total_schedules", t.getLong("total_schedules"))
          .put("total_sessions_held", t.getLong("sessions_held"))
          .put("average_attendance_rate", rate(t.getLong("attended"), t.getLong("marked")))
          .put("rating", t.getDouble("rating")) // mean of their classes' ratings (V28); null when none, never invented
          .put("courses", rows);
        return answer(req, data, "instructor-" + id);
      });
    }));
  }

  /** {id, full_name} of a live account of the role, else 404 AUTH_USER_NOT_FOUND. */
  private Future<JsonObject> user(UUID id, String role) {
    return db.preparedQuery(AnalyticsSql.USER).execute(Tuple.of(id)).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || !role.equals(row.getString("role"))) {
        return Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("No " + role + " with this id"));
      }
      return Future.succeededFuture(new JsonObject().put("id", id.toString()).put("full_name", row.getString("full_name")));
    });
  }

  // --- GET /api/admin/dashboard -----------------------------------------------------------------

  /**
   * The admin console's dashboard, asked of the owning verticles in parallel: auth (user counts), enrollment
   * (pending queue, newest registrations), catalog (courses on offer) and chat ({@code chat.internal.dashboard}).
   * A part whose verticle does not answer (no consumer, timeout, error) is null and named in {@code unavailable}.
   */
  private Future<Reply> adminDashboard(BusRequest req) {
    JsonObject user = req.user().json();
    String requestId = req.requestId();
    Future<JsonObject> users = part(operation("auth.userStats", user, requestId, new JsonObject()));
    Future<JsonObject> pending = part(operation("enrollment.pendingBookings", user, requestId,
      new JsonObject().put("page", 1).put("limit", DASHBOARD_ITEMS)));
    Future<JsonObject> recent = part(operation("enrollment.list", user, requestId,
      new JsonObject().put("page", 1).put("limit", DASHBOARD_ITEMS)));
    // the public catalog: courses a visitor can register for
    Future<JsonObject> courses = part(operation("catalog.listCourses", null, requestId,
      new JsonObject().put("page", 1).put("limit", 1)));
    Future<JsonObject> chat = part(ChatClient.DASHBOARD, chatClient.dashboard());
    List<Future<JsonObject>> parts = List.of(users, pending, recent, courses, chat);
    return Future.join(parts).transform(ignored -> {
      List<String> unavailable = new ArrayList<>();
      JsonObject u = value(users, "auth", unavailable);
      JsonObject p = value(pending, "enrollment", unavailable);
      JsonObject r = value(recent, "enrollment", unavailable);
      JsonObject c = value(courses, "catalog", unavailable);
      JsonObject ch = value(chat, "chat", unavailable);
      JsonObject stats = new JsonObject()
        .put("total_students", u == null ? null : u.getLong("total_students"))
        .put("total_teachers", u == null ? null : u.getLong("total_teachers"))
        .put("pending_bookings", p == null ? null : p.getJsonObject("pagination").getLong("total"))
        .put("active_chats", ch == null ? null : ch.getLong("active_chats"))
        .put("courses_available", c == null ? null : c.getJsonObject("pagination").getLong("total"));
      JsonObject data = new JsonObject()
        .put("stats", stats)
        .put("pending_bookings", p == null ? null : p.getJsonArray("enrollments"))
        .put("active_sessions", ch == null ? null : ch.getJsonArray("active_sessions", new JsonArray()))
        .put("recent_registrations", r == null ? null : r.getJsonArray("enrollments"))
        .put("unavailable", new JsonArray(unavailable.stream().distinct().toList()));
      return Future.succeededFuture(Reply.ok(data));
    });
  }

  /** An operation asked on the admin's behalf, as the router would: the request message. */
  private static BusRequest operation(String op, JsonObject user, String requestId, JsonObject query) {
    return new BusRequest(new JsonObject().put(BusRequest.OP, op).put(BusRequest.PATH, new JsonObject()).put(BusRequest.QUERY, query)
      .put(BusRequest.USER, user).put(BusRequest.REQUEST_ID, requestId));
  }

  /** An operation's data (its reply may arrive encoded). */
  private Future<JsonObject> part(BusRequest request) {
    return part(request.op(), vertx.eventBus().<Reply>request(request.op(), request, ask).map(m -> m.body().dataObject()));
  }

  /** A part of the dashboard: logged when its owner does not answer (the caller marks it unavailable). */
  private Future<JsonObject> part(String address, Future<JsonObject> answer) {
    return answer.onFailure(e -> {
      if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
        LOG.debug("Dashboard: no consumer for {}", address);
      } else {
        LOG.warn("Dashboard: {} did not answer: {}", address, e.getMessage());
      }
    });
  }

  private static JsonObject value(Future<JsonObject> part, String owner, List<String> unavailable) {
    if (part.succeeded() && part.result() != null) return part.result();
    unavailable.add(owner);
    return null;
  }

  // --- shared -----------------------------------------------------------------------------------

  /** Arguments of {@link AnalyticsSql#ENROLLMENT_TREND}: one course's registrations (or every course's, null). */
  private Tuple trendArguments(UUID course, Period period) {
    return Tuple.of(course, period.from(), period.to(), zone.getId(), period.start().withDayOfMonth(1),
      period.end().withDayOfMonth(1));
  }

  /** [{month, count}] from the rows of {@link AnalyticsSql#ENROLLMENT_TREND}. */
  private static JsonArray trend(RowSet<Row> rows) {
    JsonArray months = new JsonArray();
    for (Row m : rows) months.add(new JsonObject().put("month", m.getString("month")).put("count", m.getLong("count")));
    return months;
  }

  /** attended / marked, rounded to 4 decimals; null when nothing was marked (never an invented 0). */
  static Double rate(long attended, long marked) {
    if (marked == 0) return null;
    return Math.round(attended * 10000.0 / marked) / 10000.0;
  }

  /** The JSON answer, or CSV when asked with {@code ?format=csv} or {@code Accept: text/csv}. */
  private static Reply answer(BusRequest req, JsonObject data, String name) {
    String accept = req.header("Accept");
    boolean csv = "csv".equals(req.query().getString("format"))
      || (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv") && req.query().getString("format") == null);
    return csv ? Reply.raw(200, Csv.MEDIA_TYPE, Csv.of(data)) : Reply.ok(data);
  }

  /** A report's period: dates in the academy's zone, {@code to} exclusive (the day after end). */
  record Period(LocalDate start, LocalDate end, OffsetDateTime from, OffsetDateTime to) {
    /** The current month of the academy's calendar and the {@code count - 1} months before it. */
    static Period lastMonths(int count, ZoneId zone) {
      LocalDate today = LocalDate.now(zone);
      LocalDate start = today.withDayOfMonth(1).minusMonths(count - 1L);
      LocalDate end = today.withDayOfMonth(today.lengthOfMonth());
      return between(start, end, zone);
    }

    static Period of(JsonObject query, ZoneId zone) {
      LocalDate today = LocalDate.now(zone);
      LocalDate end = date(query.getString("end_date"), "end_date", today);
      LocalDate start = date(query.getString("start_date"), "start_date", end.withDayOfYear(1));
      if (start.isAfter(end)) throw new IllegalArgumentException("start_date must not be after end_date");
      if (ChronoUnit.MONTHS.between(start.withDayOfMonth(1), end.withDayOfMonth(1)) >= MAX_PERIOD_MONTHS) {
        throw new IllegalArgumentException("The period may cover at most " + MAX_PERIOD_MONTHS + " months");
      }
      return between(start, end, zone);
    }

    /** start..end, both whole days of the academy's zone. */
    private static Period between(LocalDate start, LocalDate end, ZoneId zone) {
      return new Period(start, end, start.atStartOfDay(zone).toOffsetDateTime(),
        end.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
    }

    private static LocalDate date(String value, String field, LocalDate fallback) {
      if (value == null) return fallback;
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(field + " must be a date (YYYY-MM-DD)");
      }
    }
  }
}
