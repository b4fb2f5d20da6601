package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import verticles.bus.AuthClient;
import verticles.bus.CatalogClient;
import verticles.bus.CoursePolicy;
import verticles.bus.EnrollmentClient;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What coursework asks other verticles over the bus (their typed clients in {@code bus/}): courses and who teaches
 * them (catalog, through {@link CoursePolicy}), users (auth), approved enrollments and a student's language
 * (enrollment). A failure of those verticles fails the request (503/504), never a guess.
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

  /** Who manages which course: admins all, instructors those they own or are assigned to. */
  CoursePolicy policy() {
    return policy;
  }

  /** The course in any state; fails 404 COURSE_NOT_FOUND. */
  Future<JsonObject> course(String id) {
    return catalog.course(id);
  }

  /** Whether the student has an approved enrollment in the course. */
  Future<Boolean> isEnrolled(String studentId, String courseId) {
    return enrollment.isEnrolled(studentId, courseId);
  }

  /** The language the student is written to in about the course: their latest registration's for it, else "id". */
  Future<String> language(String studentId, String courseId) {
    return enrollment.language(studentId, courseId);
  }

  /** The students of the courses an instructor teaches (approved enrollments). */
  Future<Set<String>> studentsOfInstructor(String instructorId) {
    return enrollment.studentIdsOfInstructor(instructorId);
  }

  /** The user {id, email, full_name, role, status}; fails 404 AUTH_USER_NOT_FOUND. */
  Future<JsonObject> user(String id) {
    return auth.user(id);
  }

  /** Users by id, in one question to auth; ids of no live account are absent. */
  Future<Map<String, JsonObject>> users(Collection<String> ids) {
    Set<String> distinct = new LinkedHashSet<>(ids);
    distinct.remove(null);
    return auth.users(distinct);
  }
}
