package verticles.coursework;

import verticles.TestApp;

import java.time.Instant;
import java.util.UUID;

/**
 * Assignments and submissions written straight into the coursework tables (SQL), standing in for the coursework API
 * that is built in parallel: switch these to {@code POST /api/assignments}, {@code PUT /api/assignments/{id}},
 * {@code POST /api/submissions/{assignmentId}} and {@code POST /api/submissions/{id}/grade} once it is merged. Each
 * write does what the API is specified to do to the columns the jobs and analytics read: publishing sets
 * {@code published_at} the first time an assignment becomes ACTIVE, moving a due date clears {@code reminded_at}.
 */
public final class CourseworkRows {
  private CourseworkRows() {
  }

  /**
   * An assignment of the course ({@code DRAFT}, {@code ACTIVE} or {@code DELETED}) due at {@code due}; an ACTIVE one
   * is published now (as the API does), not announced yet. → its id.
   */
  public static String assignment(String courseId, String title, String status, Instant due, int points, boolean allowLate) {
    return insert(courseId, title, status, due, points, allowLate, "ACTIVE".equals(status) ? "now()" : "NULL", "NULL");
  }

  /**
   * An ACTIVE assignment whose announcement went out {@code at} (published a minute before), as the job leaves it —
   * written in one statement, so no job run sees it published and not announced.
   */
  public static String announced(String courseId, String title, Instant due, int points, Instant at, String... submittedBy) {
    return insert(courseId, title, "ACTIVE", due, points, false, "'" + at + "'::timestamptz - interval '1 minute'", "'" + at + "'",
      submittedBy);
  }

  /** The assignment, and a SUBMITTED submission of each of {@code submittedBy}, in one statement. */
  private static String insert(String courseId, String title, String status, Instant due, int points, boolean allowLate,
                               String publishedAt, String announcedAt, String... submittedBy) {
    String id = UUID.randomUUID().toString();
    StringBuilder submitters = new StringBuilder("SELECT NULL::uuid WHERE false");
    for (String student : submittedBy) submitters.append(" UNION ALL SELECT '").append(student).append("'::uuid");
    TestApp.sql("""
      WITH a AS (
        INSERT INTO coursework.assignments (id, course_id, title, description, due_date, points, status, allow_late,
                                            published_at, announced_at)
        VALUES ('%s', '%s', '%s', 'Kerjakan dan kumpulkan tautannya.', '%s', %d, '%s', %s, %s, %s) RETURNING id)
      INSERT INTO coursework.submissions (assignment_id, student_id, file_url)
      SELECT a.id, s.student, 'https://github.com/student/tugas' FROM a, (%s) AS s(student)"""
      .formatted(id, courseId, title.replace("'", "''"), due, points, status, allowLate, publishedAt, announcedAt, submitters));
    return id;
  }

  /** A draft becomes ACTIVE: published now unless it was published before (as the API's update does). */
  public static void publish(String assignmentId) {
    TestApp.sql("UPDATE coursework.assignments SET status = 'ACTIVE', published_at = coalesce(published_at, now()), "
      + "updated_at = now() WHERE id = '" + assignmentId + "'");
  }

  /** The due date moves (as the API's update does: the reminder is re-armed). */
  public static void moveDueDate(String assignmentId, Instant due) {
    TestApp.sql("UPDATE coursework.assignments SET due_date = '%s', reminded_at = NULL, updated_at = now() WHERE id = '%s'"
      .formatted(due, assignmentId));
  }

  /** The student's submission: SUBMITTED, or LATE when {@code late}. → its id. */
  public static String submission(String assignmentId, String studentId, boolean late) {
    String id = UUID.randomUUID().toString();
    TestApp.sql("""
      INSERT INTO coursework.submissions (id, assignment_id, student_id, file_url, status, late)
      VALUES ('%s', '%s', '%s', 'https://github.com/student/tugas', '%s', %s)"""
      .formatted(id, assignmentId, studentId, late ? "LATE" : "SUBMITTED", late));
    return id;
  }

  /** A submission graded with {@code score} (its {@code late} flag stays). */
  public static void grade(String submissionId, int score) {
    TestApp.sql("UPDATE coursework.submissions SET status = 'GRADED', score = %d, feedback = 'Bagus', graded_at = now() WHERE id = '%s'"
      .formatted(score, submissionId));
  }
}
