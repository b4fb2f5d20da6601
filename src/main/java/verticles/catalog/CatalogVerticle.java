package verticles.catalog;

import verticles.bus.AuthClient;
import verticles.bus.EnrollmentClient;
import verticles.bus.SchedulingClient;
import verticles.bus.CatalogClient;
import verticles.bus.CoursePolicy;import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.Values;
import verticles.infra.Database;
import verticles.infra.RedisStore;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The course catalog (seed §4.1–4.5, §4.11): public listing and detail, courses managed by admins and
 * by their owning instructors, statistics. Reads are cached in Redis ({@link CatalogCache}); schedules,
 * enrollments and users are asked of their verticles over the bus.
 */
public final class CatalogVerticle extends DomainVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogVerticle.class);
  private static final int UPCOMING_SCHEDULES = 5;
  private static final int MOST_POPULAR = 5;

  @Override
  protected void routes(Endpoints e) {
    e.on("catalog.listCourses", this::listCourses)
      .on("catalog.courseStats", this::courseStats)
      .on("catalog.getCourse", this::getCourse)
      .on("catalog.createCourse", this::createCourse)
      .on("catalog.updateCourse", this::updateCourse)
      .on("catalog.deleteCourse", this::deleteCourse)
      .on("catalog.listCourseInstructors", req -> instructors.list(req))
      .on("catalog.assignCourseInstructor", req -> instructors.assign(req))
      .on("catalog.unassignCourseInstructor", req -> instructors.unassign(req))
      .internal(CatalogClient.COURSE, this::internalCourse)
      .internal(CatalogClient.COURSES, this::internalCourses)
      .internal(CatalogClient.ACTIVE_COURSES, this::activeCourses)
      .internal(CatalogClient.COURSES_OF_INSTRUCTOR, this::coursesOfInstructor)
      .internal(CatalogClient.ASSIGN_INSTRUCTOR, q -> instructors.assignInternal(q))
      .internal(CatalogClient.SEARCH, this::assistantSearch);
  }

  @Override
  protected String name() {
    return "catalog";
  }

  private Pool db;
  private RedisAPI redis;
  private CatalogCache cache;
  private SchedulingClient scheduling;
  private EnrollmentClient enrollment;
  private AuthClient auth;
  private CourseInstructors instructors;

  @Override
  protected Future<?> setUp() {
    db = Database.pool(vertx, config());
    redis = RedisStore.api(vertx, config());
    cache = new CatalogCache(vertx, redis);
    scheduling = new SchedulingClient(vertx, askOptions());
    enrollment = new EnrollmentClient(vertx, askOptions());
    auth = new AuthClient(vertx, askOptions());
    instructors = new CourseInstructors(db, auth, new CoursePolicy(new CatalogClient(vertx, askOptions())));
    return cache.ready();
  }

  @Override
  protected Future<?> tearDown() {
    cache.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  // --- internal queries -------------------------------------------------------------------------

  /** {id} → the course in any state (other verticles decide what inactive means for them), or 404. */
  private Future<JsonObject> internalCourse(JsonObject query) {
    UUID id;
    try {
      id = UUID.fromString(query.getString("id", ""));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ErrorCode.COURSE_NOT_FOUND.error("Course not found"));
    }
    return db.preparedQuery(CatalogSql.BY_ID).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ErrorCode.COURSE_NOT_FOUND.error("Course not found"))
      : Future.succeededFuture(course(rows.iterator().next())));
  }

  /** {ids} → {courses: [...]}: the courses among the ids that exist, in any state. */
  private Future<JsonObject> internalCourses(JsonObject query) {
    List<UUID> ids = new ArrayList<>();
    query.getJsonArray("ids", new JsonArray()).forEach(id -> ids.add(UUID.fromString(id.toString())));
    return db.preparedQuery(CatalogSql.BY_IDS).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
      JsonArray courses = new JsonArray();
      for (Row row : rows) courses.add(course(row));
      return new JsonObject().put("courses", courses);
    });
  }

  /** {} → {courses: [...]}: every active course (the catalog's course fields), by id; for the recommendations. */
  private Future<JsonObject> activeCourses(JsonObject query) {
    return db.preparedQuery(CatalogSql.ACTIVE).execute().map(rows -> {
      JsonArray courses = new JsonArray();
      for (Row row : rows) courses.add(course(row));
      return new JsonObject().put("courses", courses);
    });
  }

  /** {instructor_id} → {course_ids}: the courses the instructor owns or is assigned to ({@link CourseInstructors}). */
  private Future<JsonObject> coursesOfInstructor(JsonObject query) {
    return db.preparedQuery(CatalogSql.COURSES_OF_INSTRUCTOR).execute(Tuple.of(UUID.fromString(query.getString("instructor_id"))))
      .map(rows -> {
        JsonArray ids = new JsonArray();
        for (Row row : rows) ids.add(row.getUUID("id").toString());
        return new JsonObject().put("course_ids", ids);
      });
  }

  // --- listing ----------------------------------------------------------------------------------

  /** Seed §4.1 with the owner filter of the course platform; what a caller sees depends on who it is. */
  private Future<Reply> listCourses(BusRequest req) {
    Viewer viewer = Viewer.of(req.user());
    Page page = Page.of(req);
    JsonObject query = req.query();
    String search = normalizedSearch(query.getString("search"));
    List<Object> filters = Arrays.asList(query.getString("level"), query.getBoolean("is_active"),
      Values.uuidOrNull(query.getString("instructor_id")), viewer.visibility(), viewer.instructorId(), search,
      search == null ? null : "%" + likeEscaped(search) + "%");
    String key = "list:" + viewer.cacheClass() + ":" + new JsonArray()
      .add(page.page()).add(page.limit()).add(query.getString("level")).add(query.getBoolean("is_active"))
      .add(query.getString("instructor_id")).add(search).encode();
    return cache.read(key, () -> loadPage(filters, page)).map(entry -> cached(Reply.ok(entry.json()), entry));
  }

  private Future<JsonObject> loadPage(List<Object> filters, Page page) {
    Tuple paged = Tuple.from(filters).addInteger(page.limit()).addLong(page.offset());
    Future<RowSet<Row>> rows = db.preparedQuery(CatalogSql.LIST).execute(paged);
    Future<RowSet<Row>> count = db.preparedQuery(CatalogSql.COUNT).execute(Tuple.from(filters));
    return Future.all(rows, count).map(done -> {
      JsonArray courses = new JsonArray();
      for (Row row : rows.result()) courses.add(course(row));
      long total = count.result().iterator().next().getLong("total");
      return new JsonObject().put("courses", courses).put("pagination", page.pagination(total));
    });
  }

  /** Trimmed, inner whitespace collapsed, lower case (search is case-insensitive); null when empty. */
  static String normalizedSearch(String search) {
    if (search == null) return null;
    String normal = search.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return normal.isEmpty() ? null : normal;
  }

  /** The text as a literal inside an ILIKE pattern (backslash is PostgreSQL's default escape). */
  static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * For the chat assistant: {q, level?, limit} → {courses: [{id, title, description, level, instrument,
   * price_per_session, duration_minutes, max_students}]}, active courses only, never cached (prices are
   * quoted to visitors). Words are letters and digits; each may match as a prefix ("gitar" → "gitaris").
   */
  private Future<JsonObject> assistantSearch(JsonObject query) {
    List<String> words = new ArrayList<>();
    for (String word : query.getString("q", "").toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty() && words.size() < 12 && !words.contains(word)) words.add(word);
    }
    String level = query.getString("level");
    int limit = Math.max(1, Math.min(10, query.getInteger("limit", 3)));
    String tsquery = words.isEmpty() ? null : String.join(" | ", words.stream().map(w -> w + ":*").toList());
    String[] patterns = words.stream().map(w -> "%" + w + "%").toArray(String[]::new);
    return db.preparedQuery(CatalogSql.ASSISTANT_SEARCH).execute(Tuple.of(tsquery, patterns, level, limit))
      .map(rows -> {
        JsonArray courses = new JsonArray();
        for (Row row : rows) courses.add(offer(row));
        return new JsonObject().put("courses", courses);
      });
  }

  // --- detail -----------------------------------------------------------------------------------

  /** Seed §4.2. An inactive course exists only for admins and its owner. Schedules are never cached here. */
  private Future<Reply> getCourse(BusRequest req) {
    Viewer viewer = Viewer.of(req.user());
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    return cache.read("course:" + id, () -> loadCourse(id)).map(CatalogCache.Entry::object)
      .compose(course -> viewer.sees(course) ? Future.succeededFuture(course) : Future.failedFuture(notFound()))
      .compose(course -> upcomingSchedules(id).map(schedules -> Reply.ok(course.copy().put("upcoming_schedules", schedules))
        .withETag(etag(course))));
  }

  private Future<JsonObject> loadCourse(UUID id) {
    return db.preparedQuery(CatalogSql.BY_ID).execute(Tuple.of(id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound()) : Future.succeededFuture(course(first(rows))));
  }

  /** From the scheduling verticle; when it cannot answer, the course is still worth showing. */
  private Future<JsonArray> upcomingSchedules(UUID id) {
    return scheduling.upcomingForCourse(id.toString(), UPCOMING_SCHEDULES)
      .otherwise(e -> {
        LOG.warn("Upcoming schedules of course {} unavailable, answering without them: {}", id, e.getMessage());
        return new JsonArray();
      });
  }

  // --- create, update, delete -------------------------------------------------------------------

  /** Seed §4.3. An instructor's course is theirs; an admin may name an owning instructor. */
  private Future<Reply> createCourse(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    return owner(caller, body)
      .compose(owner -> db.preparedQuery(CatalogSql.INSERT).execute(Tuple.of(
        body.getString("title").trim(),
        body.getString("description", ""),
        body.getString("level"),
        Values.trimmedOrNull(body.getString("instrument")),
        body.getLong("price_per_session"),
        body.getInteger("duration_minutes"),
        body.getInteger("max_students"),
        body.getBoolean("is_active", true),
        owner)))
      .compose(rows -> cache.invalidate().map(v -> Reply.created(course(first(rows)), "Course created successfully")));
  }

  /**
   * A cached answer with its entity tag: the router answers 304 to a matching {@code If-None-Match}. Public reads
   * vary with the caller's token (admins see more), so caches must revalidate and key on Authorization. The
   * catalog version lets the router keep the answer for anonymous callers ({@code x-cache: catalog}).
   */
  private static Reply cached(Reply reply, CatalogCache.Entry entry) {
    return entry.etag() == null ? reply
      : reply.withETag(entry.etag()).withHeader("Cache-Control", "no-cache").withHeader("Vary", "Authorization")
        .withHeader("X-Cache-Version", entry.version());
  }

  /** A course's version as an HTTP entity tag: its updated_at (microseconds), quoted. */
  static String etag(JsonObject course) {
    return "\"" + course.getString("updated_at") + "\"";
  }

  /**
   * Seed §4.4 as a partial update (absent fields keep their value) with optional optimistic locking: when the
   * body carries {@code updated_at} (or the request {@code If-Match} with the ETag of GET), it must be the
   * course's current one, checked by the UPDATE itself; without either the update applies. When no row
   * changed, a second look tells which answer is due: 404, 403 (someone else's course) or 409 (stale).
   */
  private Future<Reply> updateCourse(BusRequest req) {
    Caller caller = req.user();
    JsonObject body = req.body();
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    OffsetDateTime seen;
    String ifMatch = req.header("If-Match");
    String version = body.containsKey("updated_at") ? body.getString("updated_at")
      : ifMatch == null || ifMatch.trim().equals("*") ? null
      : ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
    try {
      seen = version == null ? null : OffsetDateTime.parse(version).truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      if (!body.containsKey("updated_at")) return whyNotUpdated(id, caller); // an ETag we never made: stale
      return Future.failedFuture(ErrorCode.VALIDATION_INVALID_DATE.error("updated_at is not an ISO-8601 time",
        ApiError.fieldDetails("updated_at", "VALIDATION_INVALID_DATE", "must be the updated_at you read")));
    }
    Future<UUID> newOwner = body.containsKey("instructor_id") ? owner(caller, body) : Future.succeededFuture();
    return newOwner.compose(owner -> db.preparedQuery(CatalogSql.UPDATE).execute(Tuple.tuple()
        .addValue(id)
        .addValue(seen)
        .addValue(ownerGuard(caller))
        .addValue(body.getString("title") == null ? null : body.getString("title").trim())
        .addValue(body.getString("description"))
        .addValue(body.getString("level"))
        .addValue(body.getLong("price_per_session"))
        .addValue(body.getInteger("duration_minutes"))
        .addValue(body.containsKey("instrument"))
        .addValue(Values.trimmedOrNull(body.getString("instrument")))
        .addValue(body.getInteger("max_students"))
        .addValue(body.containsKey("instructor_id"))
        .addValue(owner)
        .addValue(body.getBoolean("is_active"))))
      .compose(rows -> {
        if (rows.size() != 1) return whyNotUpdated(id, caller);
        JsonObject course = course(first(rows));
        return cache.invalidate().map(v -> Reply.ok(course, "Course updated successfully").withETag(etag(course)));
      });
  }

  private Future<Reply> whyNotUpdated(UUID id, Caller caller) {
    return loadCourse(id).compose(course -> {
      if (!mayManage(caller, course)) return Future.failedFuture(notYours());
      return Future.failedFuture(ErrorCode.COURSE_VERSION_CONFLICT.error(
        "The course was changed by someone else; reload it and apply your change again",
        new JsonObject().put("current_updated_at", course.getString("updated_at"))));
    });
  }

  /**
   * Seed §4.5. A course with schedules or enrollments is kept (archive it with is_active=false); when
   * scheduling or enrollment cannot say, nothing is deleted. A schedule or enrollment that appears
   * between the check and the delete is caught by their foreign keys (→ the same 409).
   */
  private Future<Reply> deleteCourse(BusRequest req) {
    Caller caller = req.user();
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    return loadCourse(id)
      .compose(course -> mayManage(caller, course) ? usage(id) : Future.failedFuture(notYours()))
      .compose(usage -> {
        if (usage.getLong("schedules") > 0 || usage.getLong("enrollments") > 0) {
          return Future.failedFuture(inUse(usage));
        }
        return db.preparedQuery(CatalogSql.DELETE).execute(Tuple.of(id, ownerGuard(caller)))
          .recover(e -> Future.failedFuture(isForeignKeyViolation(e) ? inUse(usage) : e));
      })
      .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(notFound())
        : cache.invalidate().map(v -> Reply.message("Course deleted successfully")));
  }

  /** {schedules, enrollments} referring to the course; fails (→ 503/504) when either cannot answer. */
  private Future<JsonObject> usage(UUID id) {
    Future<Long> schedules = scheduling.courseUsage(id.toString());
    Future<Long> enrollments = enrollment.courseUsage(id.toString());
    return Future.all(schedules, enrollments).map(done -> new JsonObject()
      .put("schedules", schedules.result()).put("enrollments", enrollments.result()));
  }

  private static ApiError inUse(JsonObject usage) {
    return ErrorCode.COURSE_IN_USE.error(
      "The course has schedules or enrollments; archive it instead (PUT with is_active=false)", usage);
  }

  private static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof PgException pg && "23503".equals(pg.getSqlState());
  }

  // --- ownership --------------------------------------------------------------------------------

  /**
   * The owning instructor a create or update asks for: an instructor may only name themselves (and
   * owns what they create); an admin may name any existing instructor, or nobody.
   */
  private Future<UUID> owner(Caller caller, JsonObject body) {
    String requested = body.getString("instructor_id");
    if (caller.is("instructor")) {
      boolean self = requested == null ? !body.containsKey("instructor_id") : requested.equals(caller.id());
      return self ? Future.succeededFuture(UUID.fromString(caller.id()))
        : Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Instructors cannot assign a course to someone else"));
    }
    if (!caller.is("admin")) return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You cannot manage courses"));
    return requested == null ? Future.succeededFuture() : instructors.existingInstructor(requested);
  }

  /** For the SQL owner guard: the instructor's id, or null for admins (who may manage any course). */
  private static UUID ownerGuard(Caller caller) {
    return caller.is("admin") ? null : UUID.fromString(caller.id());
  }

  private static boolean mayManage(Caller caller, JsonObject course) {
    return caller.is("admin") || caller.is("instructor") && caller.id().equals(course.getString("instructor_id"));
  }

  private static ApiError notYours() {
    return ErrorCode.AUTH_FORBIDDEN.error("You can only manage your own courses");
  }

  // --- statistics -------------------------------------------------------------------------------

  /** Seed §4.11; enrollment numbers come from the enrollment verticle. */
  private Future<Reply> courseStats(BusRequest req) {
    Future<RowSet<Row>> catalog = db.query(CatalogSql.STATS).execute();
    Future<JsonArray> counts = enrollment.courseEnrollmentCounts();
    return Future.all(catalog, counts).compose(done -> {
      Row row = first(catalog.result());
      long totalEnrollments = 0;
      List<JsonObject> popular = new ArrayList<>();
      for (Object entry : counts.result()) {
        JsonObject count = (JsonObject) entry;
        totalEnrollments += count.getLong("count", 0L);
        if (count.getLong("count", 0L) > 0) popular.add(count);
      }
      popular.sort(Comparator.comparingLong((JsonObject c) -> c.getLong("count")).reversed());
      JsonObject stats = new JsonObject()
        .put("total_courses", row.getLong("total_courses"))
        .put("active_courses", row.getLong("active_courses"))
        .put("inactive_courses", row.getLong("inactive_courses"))
        .put("courses_by_level", new JsonObject()
          .put("beginner", row.getLong("beginner"))
          .put("intermediate", row.getLong("intermediate"))
          .put("advanced", row.getLong("advanced")))
        .put("total_enrollments", totalEnrollments);
      return mostPopular(popular).map(list -> Reply.ok(stats.put("most_popular_courses", list)));
    });
  }

  /** The best-attended courses that still exist, with their titles, most enrollments first. */
  private Future<JsonArray> mostPopular(List<JsonObject> counts) {
    if (counts.isEmpty()) return Future.succeededFuture(new JsonArray());
    UUID[] ids = counts.stream().map(c -> Values.uuidOrNull(c.getString("course_id"))).filter(java.util.Objects::nonNull)
      .toArray(UUID[]::new);
    return db.preparedQuery(CatalogSql.TITLES).execute(Tuple.of(ids)).map(rows -> {
      JsonObject titles = new JsonObject();
      for (Row row : rows) titles.put(row.getUUID("id").toString(), row.getString("title"));
      JsonArray list = new JsonArray();
      for (JsonObject count : counts) {
        String title = titles.getString(count.getString("course_id"));
        if (title == null || list.size() == MOST_POPULAR) continue;
        list.add(new JsonObject().put("course_id", count.getString("course_id")).put("title", title)
          .put("enrollment_count", count.getLong("count")));
      }
      return list;
    });
  }

  // --- shapes and helpers -----------------------------------------------------------------------

  /** What a course offers: id, title, description, level, instrument, price, duration and seats. */
  private static JsonObject offer(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("title", row.getString("title"))
      .put("description", row.getString("description"))
      .put("level", row.getString("level"))
      .put("instrument", row.getString("instrument"))
      .put("price_per_session", row.getLong("price_per_session"))
      .put("duration_minutes", row.getInteger("duration_minutes"))
      .put("max_students", row.getInteger("max_students"));
  }

  /** The API's course; times at full (microsecond) precision so updated_at round-trips exactly. */
  static JsonObject course(Row row) {
    UUID instructor = row.getUUID("instructor_id");
    return offer(row)
      .put("is_active", row.getBoolean("is_active"))
      .put("instructor_id", instructor == null ? null : instructor.toString())
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(row.getOffsetDateTime("updated_at")));
  }

  private static ApiError notFound() {
    return ErrorCode.COURSE_NOT_FOUND.error("Course not found");
  }

  private static Row first(RowSet<Row> rows) {
    return rows.iterator().next();
  }

  /**
   * What a caller may see: admins everything ("all"), instructors the active courses and their own
   * ("own"), everyone else — visitors and students — the active courses ("active").
   */
  record Viewer(String visibility, UUID instructorId) {
    static Viewer of(Caller caller) {
      if (caller != null && caller.is("admin")) return new Viewer("all", null);
      if (caller != null && caller.is("instructor")) return new Viewer("own", UUID.fromString(caller.id()));
      return new Viewer("active", null);
    }

    /** The part of a cache key that separates what different callers see. */
    String cacheClass() {
      return instructorId == null ? visibility : visibility + "-" + instructorId;
    }

    boolean sees(JsonObject course) {
      return course.getBoolean("is_active") || "all".equals(visibility)
        || instructorId != null && instructorId.toString().equals(course.getString("instructor_id"));
    }
  }
}
