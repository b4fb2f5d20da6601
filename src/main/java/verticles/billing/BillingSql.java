package verticles.billing;

/** Every statement of the billing verticle (schema {@code billing}, V24–V26). Money is bigint rupiah, times UTC. */
final class BillingSql {
  private BillingSql() {
  }

  // --- packages ---------------------------------------------------------------------------------

  private static final String PACKAGE_COLUMNS = """
    p.id, p.name, p.description, p.price, p.sessions, p.valid_days, p.is_active AND p.deleted_at IS NULL AS is_active,
    p.deleted_at, p.created_at, p.updated_at,
    coalesce((SELECT array_agg(pc.course_id ORDER BY pc.course_id) FROM billing.package_courses pc
              WHERE pc.package_id = p.id), '{}') AS course_ids""";

  /** Live packages, cheapest first; $1 true = active ones only (visitors, students, instructors). */
  static final String LIST_PACKAGES = "SELECT " + PACKAGE_COLUMNS
    + " FROM billing.packages p WHERE p.deleted_at IS NULL AND (NOT $1 OR p.is_active) ORDER BY p.price, p.name, p.id";

  /** One package by id, deleted ones too (the caller decides who sees what). */
  static final String PACKAGE = "SELECT " + PACKAGE_COLUMNS + " FROM billing.packages p WHERE p.id = $1";

  /** $1 name, $2 description, $3 price, $4 sessions, $5 valid_days, $6 is_active. */
  static final String INSERT_PACKAGE = """
    INSERT INTO billing.packages (name, description, price, sessions, valid_days, is_active)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";

  /** Replaces live package $1's fields ($2…$7 as {@link #INSERT_PACKAGE}); no row back = none (or deleted). */
  static final String UPDATE_PACKAGE = """
    UPDATE billing.packages SET name = $2, description = $3, price = $4, sessions = $5, valid_days = $6,
      is_active = $7, updated_at = now()
    WHERE id = $1 AND deleted_at IS NULL RETURNING id""";

  /** Sets package $1's courses to $2 (uuid[]): the ones not listed go, the new ones come. */
  static final String SET_PACKAGE_COURSES = """
    WITH gone AS (DELETE FROM billing.package_courses WHERE package_id = $1 AND course_id <> ALL($2))
    INSERT INTO billing.package_courses (package_id, course_id) SELECT $1, unnest($2::uuid[])
    ON CONFLICT DO NOTHING""";

  /** Locks live package $1 for deletion and tells whether an unpaid or in-review invoice names it. */
  static final String LOCK_PACKAGE_FOR_DELETE = """
    SELECT EXISTS (SELECT 1 FROM billing.invoices i WHERE i.package_id = p.id AND i.status IN ('unpaid', 'pending_review'))
           AS in_use
    FROM billing.packages p WHERE p.id = $1 AND p.deleted_at IS NULL FOR UPDATE""";

  /** Soft delete: invoices keep naming the package (its name and price stay readable). */
  static final String DELETE_PACKAGE = """
    UPDATE billing.packages SET deleted_at = now(), is_active = false, updated_at = now() WHERE id = $1""";

  // --- issuing ----------------------------------------------------------------------------------

  /**
   * Serialises the issuing and the cancelling hand-overs of one enrollment ($1): a transaction lock on its id, so an
   * issue never slips past a cancellation (V26 {@code closed_enrollments}).
   */
  static final String LOCK_ENROLLMENT = "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 18))";

  /** Whether enrollment $1 has an invoice already, or is known cancelled. */
  static final String ISSUED_OR_CLOSED = """
    SELECT EXISTS (SELECT 1 FROM billing.invoices WHERE enrollment_id = $1) AS issued,
           EXISTS (SELECT 1 FROM billing.closed_enrollments WHERE enrollment_id = $1) AS closed""";

  /** The package an invoice is issued for (deleted ones too: the registration chose it), locked against deletion. */
  static final String PACKAGE_FOR_INVOICE = "SELECT name, price, sessions FROM billing.packages WHERE id = $1 FOR SHARE";

  /**
   * Issues one invoice with the next number of the academy's month ($1 time zone): the month's counter row is
   * incremented by this same statement and held until commit, so numbers are gap-free (a rolled-back issue rolls its
   * number back) and concurrent issues queue on that one row for the rest of their short transaction.
   * $2 enrollment, $3 student, $4 course, $5 package, $6 sessions, $7 description, $8 amount, $9 due days, $10 language.
   */
  static final String ISSUE = """
    WITH n AS (
      INSERT INTO billing.invoice_counters AS c (month, last_number) VALUES (to_char(now() AT TIME ZONE $1, 'YYYY-MM'), 1)
      ON CONFLICT (month) DO UPDATE SET last_number = c.last_number + 1
      RETURNING month, last_number)
    INSERT INTO billing.invoices (number, enrollment_id, student_id, course_id, package_id, sessions, description, amount,
      due_at, language)
    SELECT 'INV-' || n.month || '-' || lpad(n.last_number::text, greatest(4, length(n.last_number::text)), '0'), $2, $3, $4, $5, $6, $7, $8,
      now() + make_interval(days => $9), $10
    FROM n
    RETURNING id, number, amount, issued_at, due_at""";

  /** Billing learns enrollment $1 was cancelled: no invoice is issued for it from now on. */
  static final String CLOSE_ENROLLMENT = """
    INSERT INTO billing.closed_enrollments (enrollment_id) VALUES ($1) ON CONFLICT DO NOTHING""";

  /** Cancels enrollment $1's unpaid invoice, if it has one. */
  static final String CANCEL_UNPAID = """
    UPDATE billing.invoices SET status = 'cancelled', closed_at = now(), updated_at = now()
    WHERE enrollment_id = $1 AND status = 'unpaid'
    RETURNING id, number, student_id, course_id""";

  // --- reading invoices -------------------------------------------------------------------------

  private static final String INVOICE_COLUMNS = """
    i.id, i.number, i.enrollment_id, i.student_id, i.course_id, i.package_id, p.name AS package_name, i.sessions,
    i.description, i.amount, i.status::text AS status, i.issued_at, i.due_at, i.paid_at, i.closed_at, i.language""";

  static final String INVOICE = "SELECT " + INVOICE_COLUMNS
    + " FROM billing.invoices i LEFT JOIN billing.packages p ON p.id = i.package_id WHERE i.id = $1";

  /**
   * One page of invoices, newest first: $1 status, $2 student, $3 course, $4 issued from (inclusive), $5 issued before
   * (exclusive), $6 limit, $7 offset. Always one row carrying {@code total}.
   */
  static final String LIST_INVOICES = "WITH matched AS (SELECT " + INVOICE_COLUMNS + """

       FROM billing.invoices i LEFT JOIN billing.packages p ON p.id = i.package_id
      WHERE ($1::billing.invoice_status IS NULL OR i.status = $1::billing.invoice_status)
        AND ($2::uuid IS NULL OR i.student_id = $2)
        AND ($3::uuid IS NULL OR i.course_id = $3)
        AND ($4::timestamptz IS NULL OR i.issued_at >= $4)
        AND ($5::timestamptz IS NULL OR i.issued_at < $5))
    SELECT t.total, m.* FROM (SELECT count(*) AS total FROM matched) t
    LEFT JOIN LATERAL (SELECT * FROM matched ORDER BY issued_at DESC, number DESC LIMIT $6 OFFSET $7) m ON true""";

  // --- expiry -----------------------------------------------------------------------------------

  /** The students of unpaid invoices past due (at most $1 invoices, oldest due first). */
  static final String DUE_STUDENTS = """
    SELECT DISTINCT student_id FROM (SELECT student_id FROM billing.invoices WHERE status = 'unpaid' AND due_at <= now()
                                     ORDER BY due_at LIMIT $1) due""";

  /**
   * Expires the unpaid invoices past due of the students $1 (whose addresses the caller holds), at most $2; rows another
   * node is expiring are skipped, and only rows still unpaid change, so no invoice expires twice.
   */
  static final String EXPIRE_DUE = """
    UPDATE billing.invoices i SET status = 'expired', closed_at = now(), updated_at = now()
    FROM (SELECT id FROM billing.invoices WHERE status = 'unpaid' AND due_at <= now() AND student_id = ANY($1)
          ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
    WHERE i.id = due.id AND i.status = 'unpaid'
    RETURNING i.id, i.number, i.enrollment_id, i.student_id, i.course_id, i.description, i.amount, i.due_at, i.language""";
}
