package verticles.coursework;

import io.vertx.core.Future;
import verticles.bus.ApiError;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;

/**
 * Who may see and change coursework (issue 17). Staff of a course = {@link verticles.bus.CoursePolicy}: admins every
 * course, an instructor the courses they own or an admin assigned them to. A student of a course = an approved
 * enrollment in it (asked of enrollment each time, so a cancelled student loses access at once).
 * <p>
 * 403 or 404, as in the rest of the project: a record the caller may know exists but may not use is 403
 * {@code AUTH_FORBIDDEN} (an instructor and another instructor's course, a student and a course they are not enrolled
 * in, someone else's submissions); a record hidden from the caller by its state is 404, as if absent (students and
 * DRAFT or DELETED assignments, like inactive courses in the catalog); an unknown course named by an admin is 404
 * {@code COURSE_NOT_FOUND}.
 */
final class Access {
  /** How an assignment or a course's coursework is shown to the caller. */
  enum View { STAFF, STUDENT }

  private final Lookups lookups;

  Access(Lookups lookups) {
    this.lookups = lookups;
  }

  /**
   * The caller manages the course's coursework: an admin (the course must exist: else 404 COURSE_NOT_FOUND) or an
   * instructor who teaches it (else 403 with {@code why}).
   */
  Future<Void> manage(Caller caller, String courseId, String why) {
    if (caller.is("admin")) return lookups.course(courseId).mapEmpty();
    return lookups.policy().require(caller, courseId, why);
  }

  /** Staff of the course see it whole; an approved student of it as a student; anyone else 403. */
  Future<View> course(Caller caller, String courseId) {
    if (caller.is("student")) return enrolled(caller, courseId).map(View.STUDENT);
    return manage(caller, courseId, "You can only see the coursework of courses you teach").map(View.STAFF);
  }

  /**
   * An assignment ({@code storedStatus}: DRAFT, ACTIVE or DELETED) for the caller: staff of its course as staff (an
   * instructor of another course: 403); an approved student of its course as a student, but a DRAFT or DELETED one is
   * 404 for students, as if absent (checked first, so it does not depend on the enrollment).
   */
  Future<View> assignment(Caller caller, String courseId, String storedStatus) {
    if (caller.is("student")) {
      if (!"ACTIVE".equals(storedStatus)) return Future.failedFuture(assignmentNotFound());
      return enrolled(caller, courseId).map(View.STUDENT);
    }
    if (caller.is("admin")) return Future.succeededFuture(View.STAFF);
    return lookups.policy().require(caller, courseId, "You can only see assignments of courses you teach").map(View.STAFF);
  }

  /** An approved enrollment of the calling student in the course, else 403 "You are not enrolled in this course". */
  Future<Void> enrolled(Caller caller, String courseId) {
    return lookups.isEnrolled(caller.id(), courseId).compose(enrolled -> enrolled ? Future.succeededFuture()
      : Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("You are not enrolled in this course")));
  }

  static ApiError assignmentNotFound() {
    return ErrorCode.ASSIGNMENT_NOT_FOUND.error("Assignment not found");
  }

  static ApiError submissionNotFound() {
    return ErrorCode.SUBMISSION_NOT_FOUND.error("Submission not found");
  }
}
