-- Payments (issue 18, second half): the state of a gateway checkout, and revenue as real money for analytics.

-- A gateway checkout's last known state, moved only forward by its notifications (retried and reordered by gateways):
-- open (page asked) → pending (the student chose a method) → paid | expired | failed; paid, expired and failed are
-- final. A late `pending` after `settlement` finds the row final and changes nothing.
ALTER TABLE billing.checkouts
  ADD COLUMN status     text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'paid', 'expired', 'failed')),
  ADD COLUMN amount     bigint      CHECK (amount > 0),                 -- rupiah: the gross_amount asked of the gateway
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- the proofs of one invoice, newest first (the review reads them)
CREATE INDEX payment_proofs_invoice ON billing.payment_proofs (invoice_id, created_at DESC);
CREATE INDEX payment_proofs_pending ON billing.payment_proofs (created_at) WHERE status = 'pending';

-- Revenue (seed §7.1, §7.4): money received, i.e. the payments of invoices that were not refunded, dated by when the
-- money was paid (a transfer: the date the admin confirmed on the proof; the gateway: its settlement time). Read-only
-- like V7's views.
CREATE VIEW analytics.payments AS
  SELECT p.id, p.invoice_id, i.enrollment_id, i.student_id, i.course_id, p.method, p.amount, p.paid_at
  FROM billing.payments p
  JOIN billing.invoices i ON i.id = p.invoice_id
  WHERE i.status <> 'refunded';

CREATE TRIGGER payments_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.payments
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
