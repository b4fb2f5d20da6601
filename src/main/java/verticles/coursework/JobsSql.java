package verticles.coursework;

/**
 * The statements of the coursework jobs ({@link Announcements}, {@link DueDateReminders}); the operations' statements
 * are in the verticle's other SQL holder. Times are UTC {@code timestamptz}.
 */
final class JobsSql {
  private JobsSql() {
  }

  /** The assignment columns both jobs read (and put into emails and events). */
  private static final String ASSIGNMENT = "id, course_id, title, due_date, points, allow_late, published_at";

  /**
   * Assignments whose announcement is due: ACTIVE, published (the API sets {@code published_at} when one first becomes
   * ACTIVE) and not announced yet, oldest publication first; at most 50 a run (more wait for the next). {@code
   * past_due}: due before now, which decides whether there is anything left to tell.
   */
  static final String DUE_ANNOUNCEMENTS = """
    SELECT %s, due_date <= now() AS past_due FROM coursework.assignments
    WHERE status = 'ACTIVE' AND published_at IS NOT NULL AND announced_at IS NULL
    ORDER BY published_at, id LIMIT 50""".formatted(ASSIGNMENT);

  /**
   * $1 assignment id → marks it announced, unless it was announced meanwhile or is no longer ACTIVE (taken back to
   * DRAFT or deleted during the run: a later publication announces it then, to whom notify holds nothing for yet).
   */
  static final String MARK_ANNOUNCED = """
    UPDATE coursework.assignments SET announced_at = now()
    WHERE id = $1 AND announced_at IS NULL AND status = 'ACTIVE'""";

  /**
   * $1 lead minutes → assignments whose due-date reminder is due: ACTIVE, announced, not reminded for this due date
   * ({@code reminded_at} is cleared when the due date moves), due within the lead time and not past due; soonest
   * first, at most 50 a run.
   */
  static final String DUE_REMINDERS = """
    SELECT %s FROM coursework.assignments
    WHERE status = 'ACTIVE' AND reminded_at IS NULL AND announced_at IS NOT NULL
      AND due_date > now() AND due_date <= now() + make_interval(mins => $1)
    ORDER BY due_date, id LIMIT 50""".formatted(ASSIGNMENT);

  /** $1 assignment id → the students who submitted it (any status: submitted, late, graded). */
  static final String SUBMITTERS = "SELECT student_id FROM coursework.submissions WHERE assignment_id = $1";

  /**
   * $1 assignment id, $2 the due date as read, $3 the {@code assignment.reminder} event's data → marks the assignment
   * reminded and writes the event to the outbox in the same statement (so it is published once, after commit), unless
   * the due date moved, the assignment left ACTIVE or it was reminded meanwhile: then nothing (no row back).
   */
  static final String MARK_REMINDED = """
    WITH marked AS (
      UPDATE coursework.assignments SET reminded_at = now()
      WHERE id = $1 AND reminded_at IS NULL AND due_date = $2 AND status = 'ACTIVE'
      RETURNING id)
    INSERT INTO coursework.outbox (event_type, data, triggered_by)
    SELECT 'assignment.reminder', $3, 'system' FROM marked
    RETURNING id""";
}
