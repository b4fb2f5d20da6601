package verticles.coursework;

/**
 * Every statement of the coursework verticle (schema {@code coursework}, V21). Time rules use the database's clock
 * ({@code now()}, the transaction's start), so one request decides "past due" once: a due date is the <em>last</em>
 * instant work is on time — past due means {@code now() > due_date}.
 */
final class CourseworkSql {
  private CourseworkSql() {
  }

  /** The outbox schema (V21's {@code coursework.outbox}). */
  static final String SCHEMA = "coursework";

  // --- assignments ------------------------------------------------------------------------------

  /**
   * An assignment as the API shows it: {@code status} is EXPIRED for an ACTIVE assignment past its due date (never
   * stored), {@code stored_status} the column; {@code submission_count} counts every submission.
   */
  private static final String ASSIGNMENT_COLUMNS = """
    a.id, a.course_id, a.title, a.description, a.due_date, a.points, a.resource_url, a.allow_late,
    a.status::text AS stored_status,
    CASE WHEN a.status = 'ACTIVE' AND now() > a.due_date THEN 'EXPIRED' ELSE a.status::text END AS status,
    now() > a.due_date AS is_past_due, a.created_by, a.created_at, a.updated_at, a.published_at,
    (SELECT count(*) FROM coursework.submissions c WHERE c.assignment_id = a.id) AS submission_count""";

  /**
   * The shown status $1 (ACTIVE = published and not past due, EXPIRED = published and past due, DRAFT, DELETED; null =
   * every status but DELETED).
   */
  private static final String STATUS_FILTER = """
    CASE $1::text
      WHEN 'ACTIVE' THEN a.status = 'ACTIVE' AND now() <= a.due_date
      WHEN 'EXPIRED' THEN a.status = 'ACTIVE' AND now() > a.due_date
      WHEN 'DRAFT' THEN a.status = 'DRAFT'
      WHEN 'DELETED' THEN a.status = 'DELETED'
      ELSE a.status <> 'DELETED' END""";

  /**
   * The list filters: $1 shown status, $2 courses in scope (null: all), $3 course, $4 search pattern for title or
   * description (an ILIKE pattern, wildcards escaped; null: none).
   */
  private static final String LIST_FILTERS = "\nWHERE " + STATUS_FILTER + """

      AND ($2::uuid[] IS NULL OR a.course_id = ANY($2))
      AND ($3::uuid IS NULL OR a.course_id = $3)
      AND ($4::text IS NULL OR a.title ILIKE $4 OR a.description ILIKE $4)""";

  /** A page of the list ($5 limit, $6 offset), by due date. */
  static final String ASSIGNMENTS_PAGE = "SELECT " + ASSIGNMENT_COLUMNS + "\nFROM coursework.assignments a" + LIST_FILTERS
    + "\nORDER BY a.due_date, a.id LIMIT $5 OFFSET $6";

  static final String ASSIGNMENTS_COUNT = "SELECT count(*) AS total FROM coursework.assignments a" + LIST_FILTERS;

  /** A course's assignments for its staff: $1 shown status (null: all but DELETED), $2 course; by due date. */
  static final String COURSE_ASSIGNMENTS = "SELECT " + ASSIGNMENT_COLUMNS + "\nFROM coursework.assignments a\nWHERE "
    + STATUS_FILTER + " AND a.course_id = $2\nORDER BY a.due_date, a.id";

  private static final String SUBMISSION_COLUMNS = """
    s.id, s.assignment_id, s.student_id, s.file_url, s.content, s.status::text AS status, s.late, s.submitted_at,
    s.score, s.feedback, s.graded_at, s.graded_by, s.created_at, s.updated_at""";

  /** The same columns prefixed {@code my_}: a student's own submission beside each assignment (null: none). */
  private static final String MY_SUBMISSION_COLUMNS = """
    s.id AS my_id, s.assignment_id AS my_assignment_id, s.student_id AS my_student_id, s.file_url AS my_file_url,
    s.content AS my_content, s.status::text AS my_status, s.late AS my_late, s.submitted_at AS my_submitted_at,
    s.score AS my_score, s.feedback AS my_feedback, s.graded_at AS my_graded_at, s.graded_by AS my_graded_by,
    s.created_at AS my_created_at, s.updated_at AS my_updated_at""";

  /**
   * A course's published assignments (ACTIVE, and EXPIRED when past due) for its student $2, each with the student's own
   * submission; $1 course; by due date.
   */
  static final String STUDENT_COURSE_ASSIGNMENTS = "SELECT " + ASSIGNMENT_COLUMNS + ",\n" + MY_SUBMISSION_COLUMNS + """

    FROM coursework.assignments a
    LEFT JOIN coursework.submissions s ON s.assignment_id = a.id AND s.student_id = $2
    WHERE a.course_id = $1 AND a.status = 'ACTIVE'
    ORDER BY a.due_date, a.id""";

  static final String ASSIGNMENT_BY_ID = "SELECT " + ASSIGNMENT_COLUMNS + "\nFROM coursework.assignments a WHERE a.id = $1";

  /**
   * A new assignment: $1 course, $2 title, $3 description, $4 due date, $5 points, $6 resource url, $7 status (DRAFT |
   * ACTIVE), $8 allow late, $9 creator. An ACTIVE one is published now ({@code published_at}: the announcement job's cue).
   */
  static final String ASSIGNMENT_INSERT = """
    INSERT INTO coursework.assignments AS a (course_id, title, description, due_date, points, resource_url, status,
                                             allow_late, created_by, published_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7::text::coursework.assignment_status, $8, $9,
            CASE WHEN $7::text = 'ACTIVE' THEN now() END)
    RETURNING\s""" + ASSIGNMENT_COLUMNS;

  /**
   * The assignment, locked for a change ({@code FOR NO KEY UPDATE}): gradings and submissions share-lock it, so a
   * change of points or due date waits for them and they for it. DELETED ones are not found.
   */
  static final String ASSIGNMENT_LOCK = "SELECT " + ASSIGNMENT_COLUMNS + """

    FROM coursework.assignments a WHERE a.id = $1 AND a.status <> 'DELETED' FOR NO KEY UPDATE""";

  /** The highest score given on the assignment $1 (null: none), read under {@link #ASSIGNMENT_LOCK}. */
  static final String HIGHEST_SCORE = "SELECT max(score) AS highest FROM coursework.submissions WHERE assignment_id = $1";

  /**
   * Partial update of the locked assignment $1 (null keeps a value): $2 title, $3 description, $4 due date, $5 points,
   * $6 whether resource_url is given, $7 resource_url (null clears it), $8 status (DRAFT | ACTIVE), $9 allow late.
   * The first time it becomes ACTIVE it is published; a moved due date re-arms its reminder ({@code reminded_at}).
   */
  static final String ASSIGNMENT_UPDATE = """
    UPDATE coursework.assignments a SET
      title = coalesce($2, a.title),
      description = coalesce($3, a.description),
      due_date = coalesce($4, a.due_date),
      points = coalesce($5, a.points),
      resource_url = CASE WHEN $6 THEN $7 ELSE a.resource_url END,
      status = coalesce($8::text::coursework.assignment_status, a.status),
      allow_late = coalesce($9, a.allow_late),
      published_at = CASE WHEN a.published_at IS NULL AND coalesce($8::text, a.status::text) = 'ACTIVE' THEN now()
                          ELSE a.published_at END,
      reminded_at = CASE WHEN $4::timestamptz IS NOT NULL AND $4 <> a.due_date THEN NULL ELSE a.reminded_at END,
      updated_at = now()
    WHERE a.id = $1
    RETURNING\s""" + ASSIGNMENT_COLUMNS;

  /** Soft delete (submissions kept); no row when already deleted or unknown. */
  static final String ASSIGNMENT_DELETE = """
    UPDATE coursework.assignments SET status = 'DELETED', updated_at = now()
    WHERE id = $1 AND status <> 'DELETED' RETURNING id, course_id""";

  // --- submissions ------------------------------------------------------------------------------

  /** Summary columns of a submission's assignment, prefixed {@code a_}. */
  private static final String ASSIGNMENT_SUMMARY = """
    a.title AS a_title, a.description AS a_description, a.course_id AS a_course_id, a.due_date AS a_due_date,
    a.points AS a_points, a.resource_url AS a_resource_url, a.allow_late AS a_allow_late,
    a.status::text AS a_stored_status,
    CASE WHEN a.status = 'ACTIVE' AND now() > a.due_date THEN 'EXPIRED' ELSE a.status::text END AS a_status,
    now() > a.due_date AS a_is_past_due""";

  private static final String FROM_SUBMISSIONS = """

    FROM coursework.submissions s JOIN coursework.assignments a ON a.id = s.assignment_id""";

  /** A submission with its assignment's summary. */
  static final String SUBMISSION_BY_ID = "SELECT " + SUBMISSION_COLUMNS + ",\n" + ASSIGNMENT_SUMMARY + FROM_SUBMISSIONS
    + "\nWHERE s.id = $1";

  /**
   * The submission lists' filters: $1 courses in scope (null: all), $2 status, $3 assignment, $4 student, $5 course,
   * $6 whether submissions of unpublished (DRAFT) and DELETED assignments show (staff: yes; students: never).
   */
  private static final String SUBMISSION_FILTERS = """

    WHERE ($1::uuid[] IS NULL OR a.course_id = ANY($1))
      AND ($2::text IS NULL OR s.status::text = $2)
      AND ($3::uuid IS NULL OR s.assignment_id = $3)
      AND ($4::uuid IS NULL OR s.student_id = $4)
      AND ($5::uuid IS NULL OR a.course_id = $5)
      AND ($6 OR a.status = 'ACTIVE')""";

  /** A page ($7 limit, $8 offset), latest submitted first. */
  static final String SUBMISSIONS_PAGE = "SELECT " + SUBMISSION_COLUMNS + ",\n" + ASSIGNMENT_SUMMARY + FROM_SUBMISSIONS
    + SUBMISSION_FILTERS + "\nORDER BY s.submitted_at DESC, s.id LIMIT $7 OFFSET $8";

  static final String SUBMISSIONS_COUNT = "SELECT count(*) AS total" + FROM_SUBMISSIONS + SUBMISSION_FILTERS;

  /** The submissions of assignment $1, of student $2 only when given; earliest first. */
  static final String ASSIGNMENT_SUBMISSIONS = "SELECT " + SUBMISSION_COLUMNS + """

    FROM coursework.submissions s WHERE s.assignment_id = $1 AND ($2::uuid IS NULL OR s.student_id = $2)
    ORDER BY s.submitted_at, s.id""";

  /** Whether student $1 has a submission in one of the courses $2 (an instructor's right to see their submissions). */
  static final String SUBMITTED_IN_COURSES = """
    SELECT EXISTS (SELECT 1 FROM coursework.submissions s JOIN coursework.assignments a ON a.id = s.assignment_id
                   WHERE s.student_id = $1 AND a.course_id = ANY($2)) AS taught""";

  /**
   * The assignment a submission goes to, share-locked until the submission commits (a change of its due date, points
   * or status waits), with the database's verdict on the time: {@code past_due} = now() > due_date.
   */
  static final String ASSIGNMENT_FOR_SUBMISSION = """
    SELECT a.id, a.course_id, a.status::text AS status, a.allow_late, a.due_date, now() > a.due_date AS past_due
    FROM coursework.assignments a WHERE a.id = $1 FOR SHARE""";

  /**
   * Submits (or replaces: one row per assignment and student, the unique constraint decides under any concurrency)
   * $3 file url and $4 content of student $2 for assignment $1, with $5 status (SUBMITTED | LATE) and $6 late. A GRADED
   * submission is not replaced (no row back). {@code inserted}: the row is new.
   */
  static final String SUBMIT = """
    INSERT INTO coursework.submissions AS s (assignment_id, student_id, file_url, content, status, late, submitted_at)
    VALUES ($1, $2, $3, $4, $5::text::coursework.submission_status, $6, now())
    ON CONFLICT ON CONSTRAINT submissions_one_per_student DO UPDATE SET
      file_url = EXCLUDED.file_url, content = EXCLUDED.content, status = EXCLUDED.status, late = EXCLUDED.late,
      submitted_at = EXCLUDED.submitted_at, updated_at = now()
    WHERE s.status <> 'GRADED'
    RETURNING\s""" + SUBMISSION_COLUMNS + ", (s.xmax = 0) AS inserted";

  /** Whether student $2's submission for assignment $1 is graded (why {@link #SUBMIT} returned nothing). */
  static final String GRADED_SUBMISSION = """
    SELECT id FROM coursework.submissions WHERE assignment_id = $1 AND student_id = $2 AND status = 'GRADED'""";

  /**
   * The owner's change of submission $1 (student $2): $3 file url, $4 content (null keeps it), $5 status, $6 late. A
   * GRADED submission is not changed (no row back).
   */
  static final String SUBMISSION_UPDATE = """
    UPDATE coursework.submissions s SET file_url = $3, content = coalesce($4, s.content),
      status = $5::text::coursework.submission_status, late = $6, submitted_at = now(), updated_at = now()
    WHERE s.id = $1 AND s.student_id = $2 AND s.status <> 'GRADED'
    RETURNING\s""" + SUBMISSION_COLUMNS;

  // --- grading ----------------------------------------------------------------------------------

  /**
   * The points of submission $1's assignment, the assignment share-locked until the grade commits, so a concurrent
   * change of its points (which locks it for update and checks the scores given) cannot slip between check and grade.
   */
  static final String POINTS_FOR_GRADING = """
    SELECT a.points, a.course_id FROM coursework.submissions s JOIN coursework.assignments a ON a.id = s.assignment_id
    WHERE s.id = $1 FOR SHARE OF a""";

  /** Grades submission $1: $2 score, $3 feedback, $4 grader. */
  static final String GRADE = """
    UPDATE coursework.submissions s SET status = 'GRADED', score = $2, feedback = $3, graded_at = now(), graded_by = $4,
      updated_at = now()
    WHERE s.id = $1
    RETURNING\s""" + SUBMISSION_COLUMNS;

  // the jobs (Announcements, DueDateReminders)

  /** The assignment columns both jobs read (and put into emails and events). */
  private static final String JOB_ASSIGNMENT = "id, course_id, title, due_date, points, allow_late, published_at";

  /**
   * Assignments whose announcement is due: ACTIVE, published (the API sets {@code published_at} when one first becomes
   * ACTIVE) and not announced yet, oldest publication first; at most 50 a run (more wait for the next). {@code
   * past_due}: due before now, which decides whether there is anything left to tell.
   */
  static final String DUE_ANNOUNCEMENTS = """
    SELECT %s, due_date <= now() AS past_due FROM coursework.assignments
    WHERE status = 'ACTIVE' AND published_at IS NOT NULL AND announced_at IS NULL
    ORDER BY published_at, id LIMIT 50""".formatted(JOB_ASSIGNMENT);

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
    ORDER BY due_date, id LIMIT 50""".formatted(JOB_ASSIGNMENT);

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
