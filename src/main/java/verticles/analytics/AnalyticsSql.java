package verticles.analytics;

/**
 * Every statement of the analytics verticle. They read only the read-only views of schema
 * {@code analytics} (V7, and V22 over coursework). Shared definitions:
 * <ul>
 *   <li>a class is <em>live</em> when not cancelled; <em>held</em> when live and its end time has passed;</li>
 *   <li>attendance rate = attended marks / marked records (computed by the caller from the two counts);</li>
 *   <li>revenue (issue 18) = the money received: the sum (rupiah) of the payments of invoices not refunded
 *       ({@code analytics.payments}, V27), dated by their {@code paid_at};</li>
 *   <li>months and days are those of the academy's time zone (parameter {@code tz}).</li>
 * </ul>
 */
final class AnalyticsSql {
  private AnalyticsSql() {
  }

  /** $1 tz → one row of counts for the admin overview. */
  static final String DASHBOARD = """
    WITH b AS (
      SELECT date_trunc('month', now() AT TIME ZONE $1) AT TIME ZONE $1 AS month_start,
             (date_trunc('month', now() AT TIME ZONE $1) + interval '1 month') AT TIME ZONE $1 AS month_end,
             date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS day_start,
             (date_trunc('day', now() AT TIME ZONE $1) + interval '1 day') AT TIME ZONE $1 AS day_end)
    SELECT
      (SELECT count(*) FROM analytics.users WHERE role = 'student') AS students_total,
      (SELECT count(*) FROM analytics.users, b WHERE role = 'student' AND created_at >= month_start
                                                  AND created_at < month_end) AS students_new_this_month,
      (SELECT count(*) FROM analytics.users WHERE role = 'student' AND status = 'active') AS students_active,
      (SELECT count(*) FROM analytics.users WHERE role = 'instructor') AS instructors_total,
      (SELECT count(*) FROM analytics.users WHERE role = 'instructor' AND status = 'active') AS instructors_active,
      (SELECT count(*) FROM analytics.courses) AS courses_total,
      (SELECT count(*) FROM analytics.courses WHERE is_active) AS courses_active,
      (SELECT count(*) FROM analytics.enrollments) AS enrollments_total,
      (SELECT count(*) FROM analytics.enrollments WHERE status = 'pending') AS enrollments_pending,
      (SELECT count(*) FROM analytics.enrollments, b WHERE status = 'approved' AND decided_at >= month_start
                                                       AND decided_at < month_end) AS enrollments_approved_this_month,
      (SELECT count(*) FROM analytics.schedules WHERE status = 'scheduled' AND start_time > now()) AS schedules_upcoming,
      (SELECT count(*) FROM analytics.schedules, b WHERE status = 'scheduled' AND start_time >= day_start
                                                     AND start_time < day_end) AS schedules_today,
      (SELECT count(*) FROM analytics.attendance WHERE schedule_status = 'scheduled') AS attendance_marked,
      (SELECT count(*) FROM analytics.attendance WHERE schedule_status = 'scheduled' AND attended) AS attendance_attended,
      (SELECT count(*) FROM analytics.attendance, b WHERE schedule_status = 'scheduled' AND attended
                                                      AND start_time >= day_start AND start_time < day_end) AS attendance_today,
      (SELECT coalesce(sum(amount), 0)::bigint FROM analytics.payments) AS revenue_total,
      (SELECT coalesce(sum(amount), 0)::bigint FROM analytics.payments, b
         WHERE paid_at >= month_start AND paid_at < month_end) AS revenue_this_month""";

  /** Starts a live update's transaction: read only, and a lock wait longer than 200 ms fails it. */
  static final String LIVE_TRANSACTION = "SET TRANSACTION READ ONLY; SET LOCAL lock_timeout = '200ms'";

  /** $1 course id → {id, title, level, instructor_id} or no row. */
  static final String COURSE = """
    SELECT id, title, level, instructor_id FROM analytics.courses WHERE id = $1""";


  /** $1 course id, $2 from (inclusive), $3 to (exclusive) → the course's figures in the period. */
  static final String COURSE_STATS = """
    SELECT
      (SELECT count(*) FROM analytics.enrollments WHERE course_id = $1 AND registration_date >= $2
                                                    AND registration_date < $3) AS total_enrollments,
      (SELECT count(*) FROM analytics.enrollments WHERE course_id = $1 AND registration_date >= $2
                                                    AND registration_date < $3 AND status = 'approved') AS approved,
      (SELECT count(*) FROM analytics.enrollments WHERE course_id = $1 AND registration_date >= $2
                                                    AND registration_date < $3 AND status = 'pending') AS pending,
      (SELECT count(*) FROM analytics.enrollments WHERE course_id = $1 AND registration_date >= $2
                                                    AND registration_date < $3 AND status = 'rejected') AS rejected,
      (SELECT count(*) FROM analytics.schedules WHERE course_id = $1 AND status = 'scheduled'
                                                  AND start_time >= $2 AND start_time < $3) AS total_schedules,
      (SELECT count(*) FROM analytics.schedules WHERE course_id = $1 AND status = 'scheduled'
                                                  AND start_time >= $2 AND start_time < $3
                                                  AND end_time <= now()) AS sessions_held,
      (SELECT count(*) FROM analytics.attendance WHERE course_id = $1 AND schedule_status = 'scheduled'
                                                   AND start_time >= $2 AND start_time < $3) AS marked,
      (SELECT count(*) FROM analytics.attendance WHERE course_id = $1 AND schedule_status = 'scheduled'
                                                   AND start_time >= $2 AND start_time < $3 AND attended) AS attended,
      (SELECT coalesce(sum(amount), 0)::bigint FROM analytics.payments
         WHERE course_id = $1 AND paid_at >= $2 AND paid_at < $3) AS revenue""";

  /**
   * $1 course id (null: every course), $2 from, $3 to, $4 tz, $5 first month (date), $6 last month (date) →
   * (month 'YYYY-MM', count) for every month of the period, registrations of any status counted by their month
   * in the academy's zone.
   */
  static final String ENROLLMENT_TREND = """
    SELECT to_char(m, 'YYYY-MM') AS month, coalesce(n.count, 0) AS count
    FROM generate_series($5::date, $6::date, interval '1 month') m
    LEFT JOIN (SELECT to_char(registration_date AT TIME ZONE $4, 'YYYY-MM') AS month, count(*) AS count
               FROM analytics.enrollments
               WHERE ($1::uuid IS NULL OR course_id = $1) AND registration_date >= $2 AND registration_date < $3
               GROUP BY 1) n ON n.month = to_char(m, 'YYYY-MM')
    ORDER BY m""";

  /** $1 user id → {id, full_name, role} of a live account, or no row. */
  static final String USER = """
    SELECT id, full_name, role FROM analytics.users WHERE id = $1""";

  /**
   * $1 student id, $2 the caller's course ids (CoursePolicy) → whether the student belongs to one of those
   * courses: an approved registration, or a mark in one of its classes.
   */
  static final String TEACHES_STUDENT = """
    SELECT EXISTS (SELECT 1 FROM analytics.enrollments e
                   WHERE e.student_id = $1 AND e.status = 'approved' AND e.course_id = ANY($2))
        OR EXISTS (SELECT 1 FROM analytics.attendance a WHERE a.student_id = $1 AND a.course_id = ANY($2)) AS teaches""";

  /**
   * $1 student id, $2 the reader's courses (an instructor's; null = all) → registration counts: total (any status),
   * approved, pending, and completed = approved registrations whose course has held classes and no live class
   * still to end.
   */
  static final String STUDENT_ENROLLMENTS = """
    SELECT count(*) AS total,
           count(*) FILTER (WHERE e.status = 'approved') AS approved,
           count(*) FILTER (WHERE e.status = 'pending') AS pending,
           count(*) FILTER (WHERE e.status = 'approved'
             AND EXISTS (SELECT 1 FROM analytics.schedules s WHERE s.course_id = e.course_id
                           AND s.status = 'scheduled' AND s.end_time <= now())
             AND NOT EXISTS (SELECT 1 FROM analytics.schedules s WHERE s.course_id = e.course_id
                               AND s.status = 'scheduled' AND s.end_time > now())) AS completed
    FROM analytics.enrollments e WHERE e.student_id = $1 AND ($2::uuid[] IS NULL OR e.course_id = ANY($2))""";

  /** $1 student id, $2 the reader's courses (null = all) → the student's marked records and attended marks. */
  static final String STUDENT_ATTENDANCE = """
    SELECT count(*) AS marked, count(*) FILTER (WHERE attended) AS attended
    FROM analytics.attendance WHERE student_id = $1 AND schedule_status = 'scheduled'
      AND ($2::uuid[] IS NULL OR course_id = ANY($2))""";

  /**
   * $1 student id, $2 tz, $3 the reader's courses (null = all) → one row per course with an approved registration,
   * oldest registration first.
   */
  static final String STUDENT_COURSES = """
    SELECT e.course_id, c.title, (min(e.registration_date) AT TIME ZONE $2)::date::text AS enrollment_date,
           (SELECT count(*) FROM analytics.attendance a WHERE a.student_id = $1 AND a.course_id = e.course_id
                                                          AND a.schedule_status = 'scheduled') AS marked,
           (SELECT count(*) FROM analytics.attendance a WHERE a.student_id = $1 AND a.course_id = e.course_id
                                                          AND a.schedule_status = 'scheduled' AND a.attended) AS attended
    FROM analytics.enrollments e JOIN analytics.courses c ON c.id = e.course_id
    WHERE e.student_id = $1 AND e.status = 'approved' AND ($3::uuid[] IS NULL OR e.course_id = ANY($3))
    GROUP BY e.course_id, c.title
    ORDER BY min(e.registration_date), e.course_id""";

  /**
   * $1 student id, $2 the reader's courses (null = all) → the student's coursework (V22 views): {@code assigned} =
   * ACTIVE assignments (past-due ones included) of the courses the student has an approved registration for;
   * of those, {@code submitted} (a submission of any status), {@code late} (submitted after the due date),
   * {@code graded}, and {@code average_score} = the mean of score / points × 100 over the graded ones, 2 decimals,
   * null when none is graded. Drafts and deleted assignments do not count.
   */
  static final String STUDENT_ASSIGNMENTS = """
    SELECT count(*) AS assigned,
           count(s.id) AS submitted,
           count(s.id) FILTER (WHERE s.late OR s.status = 'LATE') AS late,
           count(s.id) FILTER (WHERE s.status = 'GRADED') AS graded,
           round(avg(s.score * 100.0 / a.points) FILTER (WHERE s.status = 'GRADED'), 2)::float8 AS average_score
    FROM analytics.assignments a
    LEFT JOIN analytics.submissions s ON s.assignment_id = a.id AND s.student_id = $1
    WHERE a.status = 'ACTIVE' AND ($2::uuid[] IS NULL OR a.course_id = ANY($2))
      AND EXISTS (SELECT 1 FROM analytics.enrollments e
                  WHERE e.student_id = $1 AND e.course_id = a.course_id AND e.status = 'approved')""";

  /** The courses an instructor teaches, $2 (owned or assigned: the catalog's relation, via CoursePolicy). */
  private static final String TAUGHT = "(SELECT unnest($2::uuid[]))";

  /** $1 instructor id, $2 the courses they teach → the instructor's totals. */
  static final String INSTRUCTOR_TOTALS = """
    SELECT
      (SELECT count(*) FROM %1$s t) AS courses_taught,
      (SELECT count(DISTINCT e.student_id) FROM analytics.enrollments e
         WHERE e.status = 'approved' AND e.course_id IN %1$s) AS total_students,
      (SELECT count(*) FROM analytics.schedules WHERE instructor_id = $1 AND status = 'scheduled') AS total_schedules,
      (SELECT count(*) FROM analytics.schedules WHERE instructor_id = $1 AND status = 'scheduled'
                                                  AND end_time <= now()) AS sessions_held,
      (SELECT count(*) FROM analytics.attendance WHERE instructor_id = $1 AND schedule_status = 'scheduled') AS marked,
      (SELECT count(*) FROM analytics.attendance WHERE instructor_id = $1 AND schedule_status = 'scheduled'
                                                   AND attended) AS attended,
      (SELECT round(avg(score), 2)::float8 FROM analytics.ratings WHERE instructor_id = $1) AS rating""".formatted(TAUGHT);

  /** $1 instructor id, $2 the courses they teach → one row per course taught, by title. */
  static final String INSTRUCTOR_COURSES = """
    SELECT c.id AS course_id, c.title,
           (SELECT count(DISTINCT e.student_id) FROM analytics.enrollments e
              WHERE e.course_id = c.id AND e.status = 'approved') AS students_enrolled,
           (SELECT count(*) FROM analytics.schedules s WHERE s.course_id = c.id AND s.instructor_id = $1
                                                         AND s.status = 'scheduled' AND s.end_time <= now()) AS sessions_held,
           (SELECT count(*) FROM analytics.attendance a WHERE a.course_id = c.id AND a.instructor_id = $1
                                                          AND a.schedule_status = 'scheduled') AS marked,
           (SELECT count(*) FROM analytics.attendance a WHERE a.course_id = c.id AND a.instructor_id = $1
                                                          AND a.schedule_status = 'scheduled' AND a.attended) AS attended
    FROM analytics.courses c WHERE c.id IN %s
    ORDER BY c.title, c.id""".formatted(TAUGHT);
}
