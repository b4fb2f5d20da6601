package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.bus.Values;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rooms (seed §4A): listed by anyone logged in, managed by admins. A room's name is unique among live
 * rooms; deleting is soft (past schedules keep their room) and refused while it holds classes that
 * have not ended.
 */
final class Rooms {
  static final int UPCOMING = 10;

  private final Pool db;
  private final Lookups lookups;

  /** Told after a room changed in a way classes show (its name or capacity). */
  private final Runnable changed;

  Rooms(Pool db, Lookups lookups, Runnable changed) {
    this.db = db;
    this.lookups = lookups;
    this.changed = changed;
  }

  Future<Reply> list(BusRequest req) {
    Page page = Page.of(req);
    Future<RowSet<Row>> rows = db.preparedQuery(SchedulingSql.ROOMS_PAGE).execute(Tuple.of(page.limit(), page.offset()));
    Future<RowSet<Row>> count = db.query(SchedulingSql.ROOMS_COUNT).execute();
    return Future.all(rows, count).map(done -> {
      JsonArray rooms = new JsonArray();
      for (Row row : rows.result()) rooms.add(room(row));
      long total = count.result().iterator().next().getLong("total");
      return Reply.ok(new JsonObject().put("rooms", rooms).put("pagination", page.pagination(total)));
    });
  }

  /** Seed §4A.2: the room and its next classes (course title and instructor asked of their verticles). */
  Future<Reply> get(BusRequest req) {
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    return db.preparedQuery(SchedulingSql.ROOM_BY_ID).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(notFound());
      JsonObject room = room(rows.iterator().next());
      return db.preparedQuery(SchedulingSql.ROOM_UPCOMING).execute(Tuple.of(id, UPCOMING))
        .compose(this::upcoming)
        .map(upcoming -> Reply.ok(room.put("upcoming_schedules", upcoming)));
    });
  }

  private Future<JsonArray> upcoming(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    List<String> courseIds = list.stream().map(r -> r.getUUID("course_id").toString()).toList();
    List<String> instructorIds = list.stream().map(r -> r.getUUID("instructor_id").toString()).toList();
    Future<Map<String, JsonObject>> courses = lookups.courses(courseIds);
    Future<Map<String, JsonObject>> instructors = lookups.users(instructorIds);
    return Future.all(courses, instructors).map(done -> {
      JsonArray out = new JsonArray();
      for (Row row : list) {
        JsonObject course = courses.result().get(row.getUUID("course_id").toString());
        JsonObject instructor = instructors.result().get(row.getUUID("instructor_id").toString());
        out.add(new JsonObject()
          .put("id", row.getUUID("id").toString())
          .put("course_id", row.getUUID("course_id").toString())
          .put("course_title", course == null ? null : course.getString("title"))
          .put("start_time", Iso.of(row.getOffsetDateTime("start_time")))
          .put("end_time", Iso.of(row.getOffsetDateTime("end_time")))
          .put("instructor_id", row.getUUID("instructor_id").toString())
          .put("instructor_name", instructor == null ? null : instructor.getString("full_name")));
      }
      return out;
    });
  }

  Future<Reply> create(BusRequest req) {
    JsonObject body = req.body();
    return db.preparedQuery(SchedulingSql.ROOM_INSERT).execute(Tuple.of(
        body.getString("name").trim(),
        body.getInteger("capacity"),
        body.getString("description", ""),
        instruments(body.getJsonArray("instruments", new JsonArray()))))
      .recover(e -> Future.failedFuture(nameTaken(e) ? taken(body.getString("name")) : e))
      .map(rows -> Reply.created(room(rows.iterator().next()), "Room created successfully"));
  }

  /** Changes the fields sent; the others keep their value. */
  Future<Reply> update(BusRequest req) {
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    JsonObject body = req.body();
    String name = body.getString("name");
    JsonArray instruments = body.getJsonArray("instruments");
    return db.preparedQuery(SchedulingSql.ROOM_UPDATE).execute(Tuple.tuple()
        .addValue(id)
        .addValue(name == null ? null : name.trim())
        .addValue(body.getInteger("capacity"))
        .addValue(body.getString("description"))
        .addValue(instruments == null ? null : instruments(instruments)))
      .recover(e -> Future.failedFuture(nameTaken(e) ? taken(name) : e))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound())
        : Future.succeededFuture(Reply.ok(room(rows.iterator().next()), "Room updated successfully")))
      .onSuccess(v -> changed.run());
  }

  /**
   * Soft delete, refused (409 ROOM_IN_USE) while live classes in the room have not ended. The room row is
   * locked first; schedule writes share-lock it, so a class cannot slip in between the check and the delete.
   */
  Future<Reply> delete(BusRequest req) {
    UUID id = Values.uuidOrNull(req.pathParam("id"));
    if (id == null) return Future.failedFuture(notFound());
    return db.withTransaction(conn -> conn.preparedQuery(SchedulingSql.ROOM_LOCK).execute(Tuple.of(id))
      .compose(locked -> locked.size() == 0 ? Future.failedFuture(notFound())
        : conn.preparedQuery(SchedulingSql.ROOM_FUTURE_SCHEDULES).execute(Tuple.of(id)))
      .compose(count -> {
        long future = count.iterator().next().getLong("n");
        if (future > 0) {
          return Future.failedFuture(ErrorCode.ROOM_IN_USE.error(
            "The room has classes that have not ended; move or cancel them first",
            new JsonObject().put("upcoming_schedules", future)));
        }
        return conn.preparedQuery(SchedulingSql.ROOM_DELETE).execute(Tuple.of(id));
      }))
      .map(done -> Reply.message("Room deleted successfully"));
  }

  static JsonObject room(Row row) {
    JsonArray instruments = new JsonArray();
    String[] stored = row.getArrayOfStrings("instruments");
    if (stored != null) for (String s : stored) instruments.add(s);
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("name", row.getString("name"))
      .put("capacity", row.getInteger("capacity"))
      .put("description", row.getString("description"))
      .put("instruments", instruments)
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(row.getOffsetDateTime("updated_at")));
  }

  /** Trimmed, without blanks or case-insensitive duplicates. */
  private static String[] instruments(JsonArray values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      String s = v.toString().trim();
      if (!s.isEmpty() && out.stream().noneMatch(x -> x.equalsIgnoreCase(s))) out.add(s);
    }
    return out.toArray(new String[0]);
  }

  private static boolean nameTaken(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  private static ApiError taken(String name) {
    return ErrorCode.ROOM_NAME_TAKEN.error("A room with this name already exists",
      new JsonObject().put("name", name == null ? null : name.trim()));
  }

  static ApiError notFound() {
    return ErrorCode.ROOM_NOT_FOUND.error("Room not found");
  }
}
