package verticles.bus;

import io.vertx.core.Future;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one answer to "may this user see or change this course, and what hangs off it" (its classes,
 * registrations, attendance, students and analytics): admins every course; an instructor the courses they
 * own or an admin assigned them to ({@code catalog.course_instructors}, {@code POST/DELETE
 * /api/courses/{id}/instructors}); students and guests none through this policy (their own records are
 * checked by the owning verticle). The relation is admin-controlled: never derived from classes or other
 * rows an instructor can create. Fails closed when the catalog cannot answer.
 */
public final class CoursePolicy {
  private final CatalogClient catalog;

  public CoursePolicy(CatalogClient catalog) {
    this.catalog = catalog;
  }

  /** The courses the caller may manage: null means every course (admins); empty for students and guests. */
  public Future<Set<String>> courses(BusRequest.Caller caller) {
    if (caller == null) return Future.succeededFuture(Set.of());
    if (caller.is("admin")) return Future.succeededFuture(null);
    if (!caller.is("instructor")) return Future.succeededFuture(Set.of());
    return coursesTaughtBy(caller.id());
  }

  /** The courses an instructor teaches (owns or is assigned to), for questions about another instructor. */
  public Future<Set<String>> coursesTaughtBy(String instructorId) {
    return catalog.coursesOfInstructor(instructorId).map(Set::copyOf);
  }

  /** {@link #courses} as SQL parameters: null means every course. */
  public Future<UUID[]> courseIds(BusRequest.Caller caller) {
    return courses(caller).map(CoursePolicy::uuids);
  }

  /** {@link #coursesTaughtBy} as SQL parameters. */
  public Future<UUID[]> courseIdsTaughtBy(String instructorId) {
    return coursesTaughtBy(instructorId).map(CoursePolicy::uuids);
  }

  private static UUID[] uuids(Set<String> ids) {
    return ids == null ? null : ids.stream().map(UUID::fromString).toArray(UUID[]::new);
  }

  /** Whether the caller may manage the course. */
  public Future<Boolean> mayManage(BusRequest.Caller caller, String courseId) {
    return courses(caller).map(ids -> ids == null || ids.contains(courseId));
  }

  /** Succeeds when the caller may manage every one of the courses, else fails 403 AUTH_FORBIDDEN with {@code why}. */
  public Future<Void> require(BusRequest.Caller caller, List<String> courseIds, String why) {
    return courses(caller).compose(ids -> ids == null || ids.containsAll(courseIds) ? Future.succeededFuture()
      : Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error(why)));
  }

  /** {@link #require} for one course. */
  public Future<Void> require(BusRequest.Caller caller, String courseId, String why) {
    return require(caller, List.of(courseId), why);
  }
}
