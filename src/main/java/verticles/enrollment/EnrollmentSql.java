package verticles.enrollment;

/** Every statement of the enrollment verticle (schema {@code enrollment}). */
final class EnrollmentSql {
  private EnrollmentSql() {
  }


  // --- internal queries for other verticles -----------------------------------------------------

  /**
   * Whether student $1 has an approved enrollment in course $2, and the language to write to them in about the course:
   * their latest approved registration's, else their latest registration's for it (null: none).
   */
  static final String IS_ENROLLED = """
    SELECT coalesce(bool_or(status = 'approved'), false) AS enrolled,
           (array_agg(language ORDER BY status = 'approved' DESC, registration_date DESC))[1] AS language
    FROM enrollment.enrollments WHERE student_id = $1 AND course_id = $2""";

  /** Approved students placed on any of the schedules $1, with their registration's language, oldest first. */
  static final String ROSTERS = """
    SELECT schedule_id, student_id, language FROM enrollment.enrollments
    WHERE schedule_id = ANY($1) AND status = 'approved' ORDER BY registration_date""";

  static final String COUNTS_PER_SCHEDULE = """
    SELECT schedule_id, count(*) AS n FROM enrollment.enrollments
    WHERE schedule_id = ANY($1) AND status = 'approved' GROUP BY schedule_id""";

  /** Approved enrollments per course, most first (course stats, popularity). */
  static final String COUNTS_PER_COURSE = """
    SELECT course_id, count(*) AS n FROM enrollment.enrollments
    WHERE status = 'approved' GROUP BY course_id ORDER BY n DESC, course_id""";

  static final String COURSE_USAGE = "SELECT count(*) AS n FROM enrollment.enrollments WHERE course_id = $1";

  /** Students with an approved enrollment in one of the courses $1. */
  static final String STUDENTS_OF_COURSES = """
    SELECT DISTINCT student_id FROM enrollment.enrollments WHERE status = 'approved' AND course_id = ANY($1)""";

  /**
   * The approved students of course $1 with the language of their approved registration (one per student and course:
   * {@code enrollments_one_active}); registrations not linked to an account have no one to write to.
   */
  static final String COURSE_STUDENTS = """
    SELECT student_id, language FROM enrollment.enrollments
    WHERE course_id = $1 AND status = 'approved' AND student_id IS NOT NULL ORDER BY registration_date""";

  static final String STUDENT_PLACEMENTS = """
    SELECT course_id, schedule_id FROM enrollment.enrollments WHERE student_id = $1 AND status = 'approved'""";

  /** One registration's placement preferences (the recommendations' suggestions, issue 19). */
  static final String PREFERENCES = """
    SELECT id, registration_number, status::text AS status, course_id, student_id, schedule_id, experience_level,
           preferred_days, preferred_time_range::text AS preferred_time_range, start_date_target
    FROM enrollment.enrollments WHERE id = $1""";

  /** Seats taken per course among $1 (courses without a row have none taken). */
  static final String SEATS_TAKEN_OF = "SELECT course_id, taken FROM enrollment.course_seats WHERE course_id = ANY($1)";

  // --- registration -----------------------------------------------------------------------------

  /** The stored answer for an idempotency key (only committed answers are visible). */
  static final String KEY_ANSWER =
    "SELECT request_hash, response FROM enrollment.registration_keys WHERE idempotency_key = $1";

  /**
   * Claims the key for this transaction and draws the registration's sequence number with it: no row back = the
   * key exists (after waiting for a concurrent holder to commit or roll back), so the caller reads
   * {@link #KEY_ANSWER} and replays. Every registration spends exactly one number, whether it is stored or refused.
   */
  static final String CLAIM_KEY = """
    INSERT INTO enrollment.registration_keys (idempotency_key, request_hash) VALUES ($1, $2)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING nextval('enrollment.registration_number_seq') AS seq""";

  /** Claims the key again for a refused registration's neutral answer (its number was drawn by {@link #CLAIM_KEY}). */
  static final String RECLAIM_KEY = """
    INSERT INTO enrollment.registration_keys (idempotency_key, request_hash) VALUES ($1, $2)
    ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key""";

  /**
   * A refused public registration's record: $1 number, $2 code hash, $3 email, $4 key, $5 name, $6 course, $7 start,
   * $8 reason (null: found here — a pending public registration for the course, else the cap), $9 days.
   */
  static final String INSERT_REFUSED = """
    INSERT INTO enrollment.refused_registrations (registration_number, access_code_hash, email, email_key, full_name,
      course_id, start_date_target, reason, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7,
      coalesce($8::text, CASE WHEN EXISTS (SELECT 1 FROM enrollment.enrollments WHERE email_key = $4 AND course_id = $6
                                             AND status = 'pending' AND source = 'public')
                              THEN 'already_pending' ELSE 'pending_limit' END),
      now() + make_interval(days => $9))
    RETURNING registration_date, reason""";

  static final String FORGET_OLD_KEYS =
    "DELETE FROM enrollment.registration_keys WHERE created_at < now() - interval '24 hours'";

  static final String SAVE_KEY_ANSWER =
    "UPDATE enrollment.registration_keys SET response = $2, enrollment_id = $3 WHERE idempotency_key = $1";

  /** The next registration sequence number (for registrations without an idempotency key). */
  static final String NEXT_NUMBER = "SELECT nextval('enrollment.registration_number_seq') AS seq";

  /**
   * $1 the registration number (drawn from the sequence: no lock held, so registrations do not queue), $20 the days
   * until it expires, $21 the applicant's language (id, en), $22 the billing package chosen (V25; null: none).
   */
  private static final String INSERT_ROW = """
    INSERT INTO enrollment.enrollments (registration_number, student_id, course_id, email, full_name, wa_number,
      experience_level, time_preferences, preferred_days, preferred_time_range, start_date_target, guardian,
      instrument_owned, notes, referral_source, preferred_schedule_ids, source, email_key, access_code_hash,
      expires_at, language, package_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
      now() + make_interval(days => $20), $21, $22)""";

  static final String INSERT = INSERT_ROW + "\nRETURNING id, registration_number, registration_date";
  /**
   * {@link #INSERT} for the anonymous form: a registration the pending rules refuse (one pending per canonical email
   * and course: the index; three per email: the {@code enrollments_pending_cap} trigger) is not inserted and no row
   * comes back — no error, so the refusal is answered in the same transaction and takes as long as a new one.
   */
  static final String INSERT_PUBLIC = INSERT_ROW + "\nON CONFLICT DO NOTHING RETURNING id, registration_number, registration_date";


  // --- reading ----------------------------------------------------------------------------------

  static final String COLUMNS = """
    id, registration_number, student_id, course_id, status::text AS status, email::text AS email, full_name,
    wa_number, experience_level, time_preferences, preferred_days, preferred_time_range, start_date_target,
    guardian, instrument_owned, notes, referral_source, preferred_schedule_ids, schedule_id, source,
    registration_date, expires_at, decided_at, rejection_reason, cancelled_at, created_at, updated_at, language,
    package_id, paid_at""";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM enrollment.enrollments WHERE id = $1";

  /**
   * One page: $1 status, $2 course, $3 student, $4 instructor scope (course ids; null = no scope), $5 limit,
   * $6 offset. Always one row carrying {@code total}.
   */
  static final String LIST = "WITH matched AS (SELECT " + COLUMNS + """
       FROM enrollment.enrollments
      WHERE ($1::enrollment.status IS NULL OR status = $1::enrollment.status)
        AND ($2::uuid IS NULL OR course_id = $2)
        AND ($3::uuid IS NULL OR student_id = $3)
        AND ($4::uuid[] IS NULL OR course_id = ANY($4)))
    SELECT t.total, m.* FROM (SELECT count(*) AS total FROM matched) t
    LEFT JOIN LATERAL (SELECT * FROM matched ORDER BY registration_date DESC, id LIMIT $5 OFFSET $6) m ON true""";

  /**
   * The status check: one registration, by its number ($1), access code SHA-256 ($2) and canonical email ($3); a
   * refused one (neutral answer) reads as pending until it would have expired.
   */
  static final String CHECK = """
    SELECT registration_number, course_id, status::text AS status, full_name, email::text AS email, registration_date,
           start_date_target
    FROM enrollment.enrollments WHERE registration_number = $1 AND access_code_hash = $2 AND email_key = $3
    UNION ALL
    SELECT registration_number, course_id, CASE WHEN expires_at <= now() THEN 'expired' ELSE 'pending' END,
           full_name, email::text, registration_date, start_date_target
    FROM enrollment.refused_registrations WHERE registration_number = $1 AND access_code_hash = $2 AND email_key = $3""";

  static final String STATS = """
    SELECT count(*) AS total_bookings,
           count(*) FILTER (WHERE status = 'pending')   AS pending_bookings,
           count(*) FILTER (WHERE status = 'approved')  AS confirmed_bookings,
           count(*) FILTER (WHERE status = 'rejected')  AS rejected_bookings,
           count(*) FILTER (WHERE status = 'expired')   AS expired_bookings,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled_bookings,
           count(*) FILTER (WHERE registration_date >= date_trunc('month', now() AT TIME ZONE $1) AT TIME ZONE $1)
                                                        AS bookings_this_month
    FROM enrollment.enrollments""";

  static final String COUNT_PER_COURSE_ALL = "SELECT course_id, count(*) AS n FROM enrollment.enrollments GROUP BY course_id";

  static final String EXPIRED_IDS = """
    SELECT id FROM enrollment.enrollments WHERE status = 'expired' ORDER BY decided_at DESC NULLS LAST, id""";

  // --- decisions --------------------------------------------------------------------------------

  static final String LOCK_ENROLLMENT = "SELECT " + COLUMNS + " FROM enrollment.enrollments WHERE id = $1 FOR UPDATE";

  /** Takes a seat if the course has one left ($2 = capacity); no row back = full. */
  static final String TAKE_SEAT = """
    INSERT INTO enrollment.course_seats AS s (course_id, taken) VALUES ($1, 1)
    ON CONFLICT (course_id) DO UPDATE SET taken = s.taken + 1 WHERE s.taken < $2
    RETURNING taken""";

  static final String SEATS_TAKEN =
    "SELECT coalesce((SELECT taken FROM enrollment.course_seats WHERE course_id = $1), 0)::bigint AS taken";

  static final String FREE_SEAT = "UPDATE enrollment.course_seats SET taken = taken - 1 WHERE course_id = $1 AND taken > 0";

  /** Approves $1, placed on $2, by $3; links the student account $4 when the registration had none yet. */
  static final String APPROVE = """
    UPDATE enrollment.enrollments SET status = 'approved', schedule_id = $2, decided_at = now(), decided_by = $3,
      student_id = coalesce(student_id, $4), updated_at = now() WHERE id = $1 RETURNING updated_at, student_id""";

  static final String REJECT = """
    UPDATE enrollment.enrollments SET status = 'rejected', rejection_reason = $2, decided_at = now(), decided_by = $3,
      updated_at = now() WHERE id = $1 RETURNING updated_at, student_id""";

  static final String CANCEL = """
    UPDATE enrollment.enrollments SET status = 'cancelled', cancelled_at = now(), updated_at = now()
    WHERE id = $1 RETURNING updated_at, student_id""";

  static final String DELETE = "DELETE FROM enrollment.enrollments WHERE id = $1";

  static final String UPDATE_DETAILS = """
    UPDATE enrollment.enrollments SET notes = coalesce($2, notes), schedule_id = coalesce($3, schedule_id),
      updated_at = now() WHERE id = $1 RETURNING updated_at, student_id""";

  /** The courses of the pending registrations due to expire (their titles are the catalog's, asked before expiring). */
  static final String DUE_COURSES = """
    SELECT DISTINCT course_id FROM enrollment.enrollments WHERE status = 'pending' AND expires_at <= now()""";

  /**
   * Expires the due pending registrations of the courses $1 and records their events in one statement; safe to run
   * twice. Returns the expired registrations' applicants, for their emails (written in the same transaction).
   */
  static final String EXPIRE_DUE = """
    WITH expired AS (
      UPDATE enrollment.enrollments SET status = 'expired', decided_at = now(), updated_at = now()
      WHERE status = 'pending' AND expires_at <= now() AND course_id = ANY($1)
      RETURNING id, student_id, course_id, registration_number, email::text AS email, full_name, language,
        registration_date, expires_at),
    events AS (
      INSERT INTO enrollment.outbox (event_type, data)
      SELECT 'enrollment.expired', jsonb_build_object('enrollment_id', id, 'student_id', student_id,
        'course_id', course_id, 'registration_number', registration_number) FROM expired)
    SELECT * FROM expired""";

  // --- payments (issue 18): billing hands over "this enrollment is paid" --------------------------

  /**
   * Marks enrollment $1 paid at $2 once, recording the {@code enrollment.paid} event in the same statement: a repeated
   * hand-over keeps the first mark and records nothing. → the row (id, paid_at) whether or not it changed now; no row: no
   * such enrollment.
   */
  static final String MARK_PAID = """
    WITH marked AS (
      UPDATE enrollment.enrollments SET paid_at = $2, updated_at = now() WHERE id = $1 AND paid_at IS NULL
      RETURNING id, student_id, course_id, registration_number, paid_at),
    event AS (
      INSERT INTO enrollment.outbox (event_type, data)
      SELECT 'enrollment.paid', jsonb_build_object('enrollment_id', id, 'student_id', student_id, 'course_id', course_id,
        'registration_number', registration_number, 'paid_at', paid_at) FROM marked)
    SELECT id, paid_at, true AS marked FROM marked
    UNION ALL
    SELECT id, paid_at, false FROM enrollment.enrollments WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM marked)""";
}
