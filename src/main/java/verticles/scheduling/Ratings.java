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
import verticles.bus.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Class ratings (issue 19, seed §7.3 {@code rating}; V28 {@code scheduling.ratings}). A student rates a class they
 * were marked present in, once, with a score 1–5 and an optional comment; an instructor's rating is the mean score
 * over the classes they teach (analytics, and the recommendations' tie-break through
 * {@code scheduling.internal.instructorRatings}).
 */
final class Ratings {
  private final Pool db;

  Ratings(Pool db) {
    this.db = db;
  }

  /**
   * POST /api/schedules/{id}/rating (students) {score 1–5, comment?: ≤ 1,000 characters, blank = none} → 201 {schedule_id,
   * student_id, score, comment, created_at}. 404 SCHEDULE_NOT_FOUND (unknown or cancelled class), 403
   * RATING_NOT_ATTENDED (no mark, or marked absent), 409 RATING_ALREADY_SUBMITTED. One statement decides
   * (see {@link SchedulingSql#RATE}), so concurrent submissions store one rating.
   */
  Future<Reply> rate(BusRequest req) {
    UUID schedule = UUID.fromString(req.pathParam("id"));
    UUID student = UUID.fromString(req.user().id());
    JsonObject body = req.body();
    int score = body.getInteger("score");
    String comment = Values.trimmedOrNull(body.getString("comment"));
    return db.preparedQuery(SchedulingSql.RATE).execute(Tuple.of(schedule, student, (short) score, comment)).compose(rows -> {
      Row row = rows.iterator().next();
      if (row.getOffsetDateTime("created_at") != null) {
        return Future.succeededFuture(Reply.created(new JsonObject()
          .put("schedule_id", schedule.toString())
          .put("student_id", student.toString())
          .put("score", score)
          .put("comment", comment)
          .put("created_at", Iso.of(row.getOffsetDateTime("created_at"))), "Rating saved"));
      }
      if (!row.getBoolean("live")) return Future.failedFuture(ErrorCode.SCHEDULE_NOT_FOUND.error("Schedule not found"));
      if (!Boolean.TRUE.equals(row.getBoolean("attended"))) {
        return Future.failedFuture(ErrorCode.RATING_NOT_ATTENDED.error("Only students marked present in this class may rate it"));
      }
      return Future.failedFuture(ErrorCode.RATING_ALREADY_SUBMITTED.error("You have already rated this class"));
    });
  }

  /**
   * {instructor_ids} → {ratings: {instructor_id: {average (1–5, 2 decimals), count}}}: only instructors with ratings
   * appear. Ids that are not uuids are ignored.
   */
  Future<JsonObject> ofInstructors(JsonObject q) {
    List<UUID> ids = new ArrayList<>();
    for (Object id : q.getJsonArray("instructor_ids", new JsonArray())) {
      UUID uuid = Values.uuidOrNull(String.valueOf(id));
      if (uuid != null) ids.add(uuid);
    }
    if (ids.isEmpty()) return Future.succeededFuture(new JsonObject().put("ratings", new JsonObject()));
    return db.preparedQuery(SchedulingSql.INSTRUCTOR_RATINGS).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
      JsonObject ratings = new JsonObject();
      for (Row row : rows) {
        ratings.put(row.getUUID("instructor_id").toString(), new JsonObject()
          .put("average", row.getDouble("average")).put("count", row.getLong("ratings")));
      }
      return new JsonObject().put("ratings", ratings);
    });
  }
}
