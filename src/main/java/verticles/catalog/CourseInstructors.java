package verticles.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.AuthClient;
import verticles.bus.BusRequest;
import verticles.bus.CoursePolicy;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Reply;
import verticles.bus.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who teaches a course (issue 14.1): its owner ({@code courses.instructor_id}) plus the instructors an admin
 * assigns ({@code catalog.course_instructors}). This admin-controlled relation is what {@link CoursePolicy}
 * answers from for every verticle; the catalog serves it over {@code catalog.internal.coursesOfInstructor}.
 */
final class CourseInstructors {
  private final Pool db;
  private final AuthClient auth;
  private final CoursePolicy policy;

  CourseInstructors(Pool db, AuthClient auth, CoursePolicy policy) {
    this.db = db;
    this.auth = auth;
    this.policy = policy;
  }

  /** GET /api/courses/{id}/instructors: admins and the course's own instructors → {course_id, owner, instructors}. */
  Future<Reply> list(BusRequest req) {
    return course(req.pathParam("id"))
      .compose(course -> policy.require(req.user(), course.toString(), "You can only see the instructors of courses you teach")
        .compose(v -> db.preparedQuery(CatalogSql.COURSE_STAFF).execute(Tuple.of(course))))
      .compose(rows -> {
        List<Future<JsonObject>> people = new ArrayList<>();
        for (Row row : rows) {
          UUID id = row.getUUID("instructor_id");
          String at = Iso.of(row.getOffsetDateTime("assigned_at"));
          people.add(auth.userOrNull(id.toString()).map(user -> user == null ? null : person(user, at)));
        }
        return Future.all(people).map(all -> {
          JsonObject owner = null;
          JsonArray assigned = new JsonArray();
          for (Future<JsonObject> f : people) {
            if (f.result() == null) continue;
            if (f.result().getString("assigned_at") == null) owner = f.result();
            else assigned.add(f.result());
          }
          return Reply.ok(new JsonObject().put("course_id", req.pathParam("id")).put("owner", owner).put("instructors", assigned));
        });
      });
  }

  /** POST /api/courses/{id}/instructors (admin): 201 assigned now, 200 already teaching it. */
  Future<Reply> assign(BusRequest req) {
    String instructorId = req.body().getString("instructor_id");
    return course(req.pathParam("id")).compose(course -> existingInstructor(instructorId).compose(instructor ->
      insert(course, instructor, UUID.fromString(req.user().id())).compose(assignedAt -> auth.user(instructor.toString())
        .map(user -> assignedAt == null
          ? Reply.ok(person(user, null), "The instructor already teaches this course")
          : Reply.created(person(user, Iso.of(assignedAt)), "Instructor assigned to the course")))));
  }

  /** catalog.internal.assignInstructor: {course_id, instructor_id, assigned_by} → {}; for the scheduling verticle. */
  Future<JsonObject> assignInternal(JsonObject q) {
    return course(q.getString("course_id")).compose(course -> insert(course, UUID.fromString(q.getString("instructor_id")),
      UUID.fromString(q.getString("assigned_by")))).map(v -> new JsonObject());
  }

  /** DELETE /api/courses/{id}/instructors/{instructorId} (admin). */
  Future<Reply> unassign(BusRequest req) {
    UUID instructor = Values.uuidOrNull(req.pathParam("instructorId"));
    return course(req.pathParam("id")).compose(course -> db.preparedQuery(CatalogSql.UNASSIGN).execute(Tuple.of(course, instructor)))
      .compose(rows -> {
        Row row = rows.iterator().next();
        if (row.getBoolean("owner")) {
          return Future.failedFuture(ErrorCode.COURSE_INSTRUCTOR_IS_OWNER.error(
            "The owner always teaches the course; change the course's instructor_id instead"));
        }
        return row.getLong("removed") > 0 ? Future.succeededFuture(Reply.ok(null, "Instructor removed from the course"))
          : Future.failedFuture(ErrorCode.COURSE_INSTRUCTOR_NOT_ASSIGNED.error("This instructor is not assigned to the course"));
      });
  }

  /** The id of an existing instructor account, else 400 COURSE_INVALID_INSTRUCTOR on {@code instructor_id}. */
  Future<UUID> existingInstructor(String id) {
    ApiError invalid = ErrorCode.COURSE_INVALID_INSTRUCTOR.error("instructor_id is not an instructor",
      ApiError.fieldDetails("instructor_id", "COURSE_INVALID_INSTRUCTOR", "must be the id of an existing instructor"));
    return auth.userOrNull(id).compose(user -> user != null && "instructor".equals(user.getString("role"))
      ? Future.succeededFuture(UUID.fromString(user.getString("id"))) : Future.failedFuture(invalid));
  }

  /** Assigns unless the instructor owns the course or is assigned: the assignment time, or null when nothing changed. */
  private Future<java.time.OffsetDateTime> insert(UUID course, UUID instructor, UUID by) {
    return db.preparedQuery(CatalogSql.ASSIGN).execute(Tuple.of(course, instructor, by))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("assigned_at"));
  }

  private Future<UUID> course(String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(notFound());
    return db.preparedQuery(CatalogSql.EXISTS).execute(Tuple.of(uuid))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound()) : Future.succeededFuture(uuid));
  }

  private static ApiError notFound() {
    return ErrorCode.COURSE_NOT_FOUND.error("Course not found");
  }

  private static JsonObject person(JsonObject user, String assignedAt) {
    return new JsonObject().put("id", user.getString("id")).put("full_name", user.getString("full_name"))
      .put("email", user.getString("email")).put("assigned_at", assignedAt);
  }

}
