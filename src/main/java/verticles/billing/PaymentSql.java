package verticles.billing;

/**
 * Every statement of billing's payments (issue 18, second half: transfers, the gateway, the payment list) over V24's
 * tables and V27's checkout states. The invoices' own statements (issuing, reads, expiry) live in {@code BillingSql};
 * these only read an invoice and move it to {@code pending_review}, {@code paid} or back to {@code unpaid}.
 */
final class PaymentSql {
  private PaymentSql() {
  }

  /** The outbox schema (V24's {@code billing.outbox}). */
  static final String SCHEMA = "billing";

  /** What a payment step needs of an invoice. */
  private static final String INVOICE_COLUMNS = """
    i.id, i.number, i.enrollment_id, i.student_id, i.course_id, i.package_id, i.description, i.amount,
    i.status::text AS status, i.issued_at, i.paid_at, i.language, (SELECT p.name FROM billing.packages p WHERE p.id = i.package_id) AS package_name""";

  /** $1 invoice id → the invoice (no lock: before asking other verticles). */
  static final String INVOICE = "SELECT " + INVOICE_COLUMNS + " FROM billing.invoices i WHERE i.id = $1";

  /** $1 invoice id → the invoice, locked: every payment step of one invoice runs one at a time. */
  static final String LOCK_INVOICE = INVOICE + " FOR UPDATE";

  /** The statuses an invoice can be paid from: a settlement after the due date is still money received. */
  static final String PAYABLE = "('unpaid', 'pending_review', 'expired')";

  /**
   * The one state change to paid: $1 invoice, $2 paid_at. Conditional, so of concurrent or repeated payments of one
   * invoice exactly one gets a row back (the others wait on the row lock and then find it paid). An invoice whose
   * enrollment was cancelled (V26 {@code closed_enrollments}; it stayed in review or unpaid because a proof waited) is
   * never paid: money for it is refunded, not recorded.
   */
  static final String MARK_INVOICE_PAID = """
    UPDATE billing.invoices i SET status = 'paid', paid_at = $2, updated_at = now()
    WHERE i.id = $1 AND NOT EXISTS (SELECT 1 FROM billing.closed_enrollments c WHERE c.enrollment_id = i.enrollment_id)
      AND i.status IN""" + " " + PAYABLE + " RETURNING i.id";

  /** Whether the enrollment of invoice row $1 was cancelled (billing learnt it: V26 {@code closed_enrollments}). */
  static final String ENROLLMENT_CLOSED = """
    SELECT EXISTS (SELECT 1 FROM billing.closed_enrollments WHERE enrollment_id = $1) AS closed""";

  /** The payment of invoice $1 (unique per invoice): $2 method, $3 amount, $4 transaction id, $5 paid_at, $6 admin. */
  static final String INSERT_PAYMENT = """
    INSERT INTO billing.payments (invoice_id, method, amount, transaction_id, paid_at, recorded_by)
    VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id, invoice_id, method, amount, transaction_id, paid_at, recorded_by""";

  /**
   * Invoice $1 was paid another way (the gateway) while a transfer proof waited: the proof is closed as rejected with
   * the reason, so no review is left open on a paid invoice.
   */
  static final String CLOSE_PENDING_PROOF = """
    UPDATE billing.payment_proofs SET status = 'rejected', reason = 'Paid through the payment gateway', reviewed_at = now()
    WHERE invoice_id = $1 AND status = 'pending'""";

  /** $1 invoice id → its payment (transaction id), or no row. */
  static final String PAYMENT_OF_INVOICE = "SELECT id, transaction_id FROM billing.payments WHERE invoice_id = $1";

  // --- bank transfers ----------------------------------------------------------------------------------------------

  private static final String PROOF_COLUMNS = """
    id, invoice_id, proof_url, payer_name, bank, paid_at, amount, status::text AS status, reason, reviewed_by,
    reviewed_at, created_at""";

  /**
   * A proof of invoice $1 waiting for review: $2 url, $3 payer, $4 bank, $5 paid_at, $6 amount. A second pending one
   * violates {@code payment_proofs_one_pending}.
   */
  static final String INSERT_PROOF = """
    INSERT INTO billing.payment_proofs (invoice_id, proof_url, payer_name, bank, paid_at, amount)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING""" + " " + PROOF_COLUMNS;

  /** The unique index that allows one pending proof per invoice. */
  static final String ONE_PENDING_PROOF = "payment_proofs_one_pending";

  /** $1 invoice → pending_review (only from unpaid). */
  static final String AWAIT_REVIEW = """
    UPDATE billing.invoices SET status = 'pending_review', updated_at = now() WHERE id = $1 AND status = 'unpaid'
    RETURNING id""";

  /**
   * $1 invoice → unpaid again after a rejected proof (only from pending_review), or cancelled when its enrollment was
   * cancelled while the proof waited (V26 {@code closed_enrollments}: the cancellation left the invoice in review, and
   * nothing may pay it any more) → its new status.
   */
  static final String BACK_TO_UNPAID = """
    UPDATE billing.invoices i SET
      status = CASE WHEN c.enrollment_id IS NULL THEN 'unpaid' ELSE 'cancelled' END::billing.invoice_status,
      closed_at = CASE WHEN c.enrollment_id IS NULL THEN i.closed_at ELSE now() END, updated_at = now()
    FROM billing.invoices o LEFT JOIN billing.closed_enrollments c ON c.enrollment_id = o.enrollment_id
    WHERE i.id = $1 AND o.id = i.id AND i.status = 'pending_review'
    RETURNING i.id, i.number, i.enrollment_id, i.student_id, i.course_id, i.status::text AS status""";

  /** $1 invoice → its pending proof, locked, or no row. */
  static final String PENDING_PROOF = "SELECT " + PROOF_COLUMNS
    + " FROM billing.payment_proofs WHERE invoice_id = $1 AND status = 'pending' FOR UPDATE";

  /** $1 proof → $2 confirmed | rejected, $3 reason (null), $4 the reviewing admin. */
  static final String REVIEW_PROOF = """
    UPDATE billing.payment_proofs SET status = $2::billing.proof_status, reason = $3, reviewed_by = $4, reviewed_at = now()
    WHERE id = $1 AND status = 'pending' RETURNING""" + " " + PROOF_COLUMNS;

  /** $1 invoice → its proofs, newest first. */
  static final String PROOFS = "SELECT " + PROOF_COLUMNS
    + " FROM billing.payment_proofs WHERE invoice_id = $1 ORDER BY created_at DESC, id";

  // --- the gateway -------------------------------------------------------------------------------------------------

  /**
   * $1 invoice, $2 amount → the latest checkout still open or pending, asked less than 23 hours ago for this amount
   * (Snap pages live 24 hours), or no row.
   */
  static final String LIVE_CHECKOUT = """
    SELECT order_id, token, redirect_url, amount FROM billing.checkouts
    WHERE invoice_id = $1 AND amount = $2 AND status IN ('open', 'pending') AND token IS NOT NULL
      AND created_at > now() - interval '23 hours'
    ORDER BY created_at DESC LIMIT 1""";

  /** A page the gateway gave: $1 order id, $2 invoice, $3 token, $4 redirect url, $5 amount. */
  static final String INSERT_CHECKOUT = """
    INSERT INTO billing.checkouts (order_id, invoice_id, token, redirect_url, amount) VALUES ($1, $2, $3, $4, $5)""";

  /** $1 order id → the checkout with its invoice, or no row. */
  static final String CHECKOUT = """
    SELECT c.order_id, c.invoice_id, c.status AS checkout_status, i.amount FROM billing.checkouts c
    JOIN billing.invoices i ON i.id = c.invoice_id WHERE c.order_id = $1""";

  /**
   * Moves checkout $1 forward to $2 from one of the states $3 (text[]); a final state (paid, expired, failed) never
   * moves again, so a late or repeated notification gets no row back.
   */
  static final String MOVE_CHECKOUT = """
    UPDATE billing.checkouts SET status = $2, updated_at = now() WHERE order_id = $1 AND status = ANY($3) RETURNING order_id""";

  /** Every notification, verified or not: $1 order, $2 transaction, $3 status, $4 code, $5 amount, $6 valid, $7 outcome, $8 body. */
  static final String AUDIT = """
    INSERT INTO billing.gateway_notifications (order_id, transaction_id, transaction_status, status_code, gross_amount,
                                               signature_valid, outcome, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";

  // --- staff's list ------------------------------------------------------------------------------------------------

  private static final String PAYMENT_COLUMNS = """
    p.id, p.invoice_id, i.number AS invoice_number, i.enrollment_id, i.student_id, i.course_id, p.method, p.amount,
    p.transaction_id, p.paid_at, p.recorded_by, i.status = 'refunded' AS refunded""";

  /** $1 payment id → the payment with its invoice. */
  static final String PAYMENT = "SELECT " + PAYMENT_COLUMNS
    + " FROM billing.payments p JOIN billing.invoices i ON i.id = p.invoice_id WHERE p.id = $1";

  /** Filters: $1 method, $2 student, $3 course, $4 from (inclusive), $5 to (exclusive); each null = any. */
  private static final String FILTERS = """
    FROM billing.payments p JOIN billing.invoices i ON i.id = p.invoice_id
    WHERE ($1::text IS NULL OR p.method = $1) AND ($2::uuid IS NULL OR i.student_id = $2)
      AND ($3::uuid IS NULL OR i.course_id = $3) AND ($4::timestamptz IS NULL OR p.paid_at >= $4)
      AND ($5::timestamptz IS NULL OR p.paid_at < $5)""";

  /** A page ($6 limit, $7 offset), newest payment first. */
  static final String PAYMENTS_PAGE = "SELECT " + PAYMENT_COLUMNS + "\n" + FILTERS
    + "\nORDER BY p.paid_at DESC, p.id LIMIT $6 OFFSET $7";

  /** How many payments match, and the money of those whose invoice was not refunded (rupiah). */
  static final String PAYMENTS_TOTALS = """
    SELECT count(*) AS total, count(*) FILTER (WHERE i.status <> 'refunded') AS counted,
           coalesce(sum(p.amount) FILTER (WHERE i.status <> 'refunded'), 0)::bigint AS amount
    """ + FILTERS;
}
