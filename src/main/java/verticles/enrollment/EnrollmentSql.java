package verticles.enrollment;

/** Every statement of the enrollment verticle (schema {@code enrollment}). */
final class EnrollmentSql {
  private EnrollmentSql() {
  }


  // --- internal queries for other verticles -----------------------------------------------------

  static final String IS_ENROLLED = """
    SELECT EXISTS (SELECT 1 FROM enrollment.enrollments
                   WHERE student_id = $1 AND course_id = $2 AND status = 'approved') AS enrolled""";

  /** Approved students placed on any of the schedules $1. */
  static final String ROSTERS = """
    SELECT schedule_id, student_id FROM enrollment.enrollments
    WHERE schedule_id = ANY($1) AND status = 'approved' ORDER BY registration_date""";

  static final String COUNTS_PER_SCHEDULE = """
    SELECT schedule_id, count(*) AS n FROM enrollment.enrollments
    WHERE schedule_id = ANY($1) AND status = 'approved' GROUP BY schedule_id""";

  /** Approved enrollments per course, most first (course stats, popularity). */
  static final String COUNTS_PER_COURSE = """
    SELECT course_id, count(*) AS n FROM enrollment.enrollments
    WHERE status = 'approved' GROUP BY course_id ORDER BY n DESC, course_id""";

  static final String COURSE_USAGE = "SELECT count(*) AS n FROM enrollment.enrollments WHERE course_id = $1";

  static final String STUDENTS_OF_COURSES = """
    SELECT DISTINCT student_id FROM enrollment.enrollments
    WHERE status = 'approved' AND (course_id = ANY($1) OR schedule_id = ANY($2))""";

  static final String STUDENT_PLACEMENTS = """
    SELECT course_id, schedule_id FROM enrollment.enrollments WHERE student_id = $1 AND status = 'approved'""";
}
