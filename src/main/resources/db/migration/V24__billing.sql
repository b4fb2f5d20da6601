-- Billing (issue 18, seed 003 Package and Payment services): packages, invoices with gap-free monthly numbers, bank
-- transfer proofs, gateway checkouts and notifications, payments. Owned by the billing verticle. Money is bigint rupiah;
-- times are UTC timestamptz (months of invoice numbers are the academy's, setting `timezone`).
CREATE SCHEMA IF NOT EXISTS billing;

CREATE TABLE billing.packages (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text        NOT NULL CHECK (char_length(name) BETWEEN 2 AND 200),
  description text        NOT NULL DEFAULT '',
  price       bigint      NOT NULL CHECK (price >= 0),              -- rupiah
  sessions    integer     CHECK (sessions BETWEEN 1 AND 1000),     -- sessions it buys (optional)
  valid_days  integer     CHECK (valid_days BETWEEN 1 AND 3650),   -- optional
  is_active   boolean     NOT NULL DEFAULT true,
  deleted_at  timestamptz,                                          -- soft delete: invoices keep naming it
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- the courses a package includes (one or more)
CREATE TABLE billing.package_courses (
  package_id uuid NOT NULL REFERENCES billing.packages (id),
  course_id  uuid NOT NULL REFERENCES catalog.courses (id),
  PRIMARY KEY (package_id, course_id)
);
CREATE INDEX package_courses_course ON billing.package_courses (course_id);

-- INV-YYYY-MM-NNNN: one counter row per academy month, incremented in the transaction that inserts the invoice, so a
-- rolled-back issue rolls the number back too (gap-free: invoices are legal documents)
CREATE TABLE billing.invoice_counters (
  month       text    PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  last_number integer NOT NULL CHECK (last_number BETWEEN 0 AND 9999)
);

CREATE TYPE billing.invoice_status AS ENUM ('unpaid', 'pending_review', 'paid', 'expired', 'cancelled', 'refunded');

CREATE TABLE billing.invoices (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number        text        NOT NULL UNIQUE CHECK (number ~ '^INV-[0-9]{4}-[0-9]{2}-[0-9]{4}$'),
  -- one invoice per approved enrollment: a repeated hand-over issues nothing twice
  enrollment_id uuid        NOT NULL UNIQUE REFERENCES enrollment.enrollments (id),
  student_id    uuid        NOT NULL REFERENCES auth.users (id),
  course_id     uuid        NOT NULL REFERENCES catalog.courses (id),
  package_id    uuid        REFERENCES billing.packages (id),
  sessions      integer     CHECK (sessions BETWEEN 1 AND 1000),
  description   text        NOT NULL,
  amount        bigint      NOT NULL CHECK (amount > 0),            -- rupiah
  status        billing.invoice_status NOT NULL DEFAULT 'unpaid',
  issued_at     timestamptz NOT NULL DEFAULT now(),
  due_at        timestamptz NOT NULL,
  paid_at       timestamptz,
  closed_at     timestamptz,                                         -- expired, cancelled or refunded
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'paid') = (paid_at IS NOT NULL) OR status = 'refunded')
);
CREATE INDEX invoices_student ON billing.invoices (student_id);
CREATE INDEX invoices_course ON billing.invoices (course_id);
CREATE INDEX invoices_due ON billing.invoices (due_at) WHERE status = 'unpaid';

-- a bank-transfer proof sent by the student, reviewed by an admin
CREATE TYPE billing.proof_status AS ENUM ('pending', 'confirmed', 'rejected');
CREATE TABLE billing.payment_proofs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invoice_id   uuid        NOT NULL REFERENCES billing.invoices (id),
  proof_url    text        NOT NULL,
  payer_name   text        NOT NULL,
  bank         text        NOT NULL,
  paid_at      timestamptz NOT NULL,
  amount       bigint      NOT NULL CHECK (amount > 0),
  status       billing.proof_status NOT NULL DEFAULT 'pending',
  reason       text,
  reviewed_by  uuid        REFERENCES auth.users (id),
  reviewed_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- at most one proof waiting for review per invoice
CREATE UNIQUE INDEX payment_proofs_one_pending ON billing.payment_proofs (invoice_id) WHERE status = 'pending';

-- a gateway payment page asked for an invoice; order_id is what the gateway knows (unique per attempt)
CREATE TABLE billing.checkouts (
  order_id     text        PRIMARY KEY,
  invoice_id   uuid        NOT NULL REFERENCES billing.invoices (id),
  token        text,
  redirect_url text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkouts_invoice ON billing.checkouts (invoice_id);

-- every gateway notification received, verified or not (audit; the outcome says what it changed)
CREATE TABLE billing.gateway_notifications (
  id                 bigserial PRIMARY KEY,
  order_id           text,
  transaction_id     text,
  transaction_status text,
  status_code        text,
  gross_amount       text,
  signature_valid    boolean     NOT NULL,
  outcome            text        NOT NULL,
  body               jsonb       NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gateway_notifications_order ON billing.gateway_notifications (order_id);

-- the money received: exactly one payment per invoice (the database holds it under retried and reordered notifications)
CREATE TABLE billing.payments (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invoice_id     uuid        NOT NULL UNIQUE REFERENCES billing.invoices (id),
  method         text        NOT NULL CHECK (method IN ('bank_transfer', 'gateway')),
  amount         bigint      NOT NULL CHECK (amount > 0),            -- rupiah
  transaction_id text        UNIQUE,
  paid_at        timestamptz NOT NULL,
  recorded_by    uuid        REFERENCES auth.users (id),              -- the admin who confirmed a transfer
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_paid_at ON billing.payments (paid_at);

-- billing's transactional outbox (the shape of enrollment's, V4)
CREATE TABLE billing.outbox (
  id           bigserial PRIMARY KEY,
  event_type   text        NOT NULL,
  data         jsonb       NOT NULL,
  triggered_by text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON billing.outbox (id) WHERE published_at IS NULL;
