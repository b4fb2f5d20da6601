package verticles.scheduling;

import verticles.bus.EnrollmentClient;
import verticles.bus.CatalogClient;
import verticles.bus.CoursePolicy;
import verticles.bus.AuthClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What scheduling asks other verticles over the bus: courses (catalog), users (auth), who is enrolled
 * where (enrollment). Lookups of many ids ask once per distinct id, in parallel; an id that does not
 * exist (any more) is simply absent from the answer. Any other failure (service down, timeout) fails.
 */
final class Lookups {
  private final AuthClient auth;
  private final CatalogClient catalog;
  private final EnrollmentClient enrollment;
  private final CoursePolicy policy;

  Lookups(Vertx vertx, DeliveryOptions options) {
    this.auth = new AuthClient(vertx, options);
    this.catalog = new CatalogClient(vertx, options);
    this.enrollment = new EnrollmentClient(vertx, options);
    this.policy = new CoursePolicy(catalog);
  }

  /** Who may see or change a course's classes and attendance (the one shared policy). */
  CoursePolicy policy() {
    return policy;
  }

  /** An admin's scheduling of an instructor in a course they do not teach yet assigns them to it (catalog). */
  Future<Void> assignInstructor(String courseId, String instructorId, String byAdmin) {
    return catalog.assignInstructor(courseId, instructorId, byAdmin);
  }

  /** The course in any state, or fails 404 COURSE_NOT_FOUND. */
  Future<JsonObject> course(String id) {
    return catalog.course(id);
  }

  /** The user {id, email, full_name, role, status}, or fails 404 AUTH_USER_NOT_FOUND. */
  Future<JsonObject> user(String id) {
    return auth.user(id);
  }

  Future<Map<String, JsonObject>> courses(Collection<String> ids) {
    return many(ids, this::course, ErrorCode.COURSE_NOT_FOUND);
  }

  /** Users {id, email, full_name, role, status} by id, in one question to auth; ids of no live account are absent. */
  Future<Map<String, JsonObject>> users(Collection<String> ids) {
    Set<String> distinct = new LinkedHashSet<>(ids);
    distinct.remove(null);
    return auth.users(distinct);
  }

  /** {id, full_name, email} of a student from {@link #users}; the names are null when auth no longer knows them. */
  static JsonObject studentRef(String id, JsonObject user) {
    return new JsonObject().put("id", id)
      .put("full_name", user == null ? null : user.getString("full_name"))
      .put("email", user == null ? null : user.getString("email"));
  }

  /** Approved students placed on each of the schedules: {schedule_id: n}. */
  Future<Map<String, Long>> enrolledCounts(Collection<String> scheduleIds) {
    return enrollment.enrolledCounts(scheduleIds);
  }

  /** Approved students placed on each of the schedules: {schedule_id: [student_id…]}. */
  Future<Map<String, List<String>>> rosters(Collection<String> scheduleIds) {
    return enrollment.rosters(scheduleIds);
  }

  /** {@link #rosters} with the language each student is written to in. */
  Future<EnrollmentClient.Rosters> rostersWithLanguages(Collection<String> scheduleIds) {
    return enrollment.rostersWithLanguages(scheduleIds);
  }

  /** Whether the student has an approved enrollment in the course. */
  Future<Boolean> isEnrolled(String studentId, String courseId) {
    return enrollment.isEnrolled(studentId, courseId);
  }

  /** The student's approved placements [{course_id, schedule_id|null}]. */
  Future<List<JsonObject>> placements(String studentId) {
    return enrollment.studentPlacements(studentId);
  }

  /** The students of an instructor's courses and classes (enrollment asks catalog and us). */
  Future<Set<String>> studentsOfInstructor(String instructorId) {
    return enrollment.studentIdsOfInstructor(instructorId);
  }

  private static Future<Map<String, JsonObject>> many(Collection<String> ids,
                                                      java.util.function.Function<String, Future<JsonObject>> one,
                                                      ErrorCode notFound) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
    distinct.removeIf(java.util.Objects::isNull);
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String id : distinct) {
      answers.add(one.apply(id).recover(e -> {
        ApiError error = ApiError.from(e);
        return error != null && notFound.name().equals(error.code()) ? Future.succeededFuture(null) : Future.failedFuture(e);
      }));
    }
    return Future.all(answers).map(done -> {
      Map<String, JsonObject> out = new HashMap<>();
      for (int i = 0; i < distinct.size(); i++) {
        if (answers.get(i).result() != null) out.put(distinct.get(i), answers.get(i).result());
      }
      return out;
    });
  }

  /** True when the failure is the given domain error (e.g. a 404 of the verticle asked). */
  static boolean is(Throwable failure, ErrorCode code) {
    ApiError error = ApiError.from(failure);
    return error != null && code.name().equals(error.code());
  }
}
