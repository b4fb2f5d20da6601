-- Enrollment (issue 5): registrations exactly once, never overfull, never more than three pending per
-- email. Every invariant here is held by the database itself, so concurrent and retried requests
-- cannot break it.

CREATE TYPE enrollment.status AS ENUM ('pending', 'approved', 'rejected', 'cancelled', 'expired');

-- REG-YYYY-MM-NNN: one counter row per month (academy time zone), incremented inside the registering
-- transaction, so numbers are gap-free and never repeat.
CREATE TABLE enrollment.registration_counters (
  month      text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  last_value integer NOT NULL CHECK (last_value > 0)
);

CREATE TABLE enrollment.enrollments (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registration_number  text        NOT NULL UNIQUE,
  student_id           uuid        NOT NULL REFERENCES auth.users (id),
  course_id            uuid        NOT NULL REFERENCES catalog.courses (id),
  status               enrollment.status NOT NULL DEFAULT 'pending',
  -- who applied, as they typed it (the account may change later)
  email                citext      NOT NULL,
  full_name            text        NOT NULL,
  wa_number            text,
  -- the applicant's preferences (seed §5.1)
  experience_level     text,
  time_preferences     text,
  preferred_days       text[],
  preferred_time_range jsonb,
  start_date_target    date,
  guardian             jsonb,
  instrument_owned     boolean,
  notes                text,
  referral_source      text,
  preferred_schedule_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(preferred_schedule_ids) <= 2),
  -- the class the student is placed in on approval (a schedule, or the first of a series)
  schedule_id          uuid,
  source               text        NOT NULL DEFAULT 'public' CHECK (source IN ('public', 'booking', 'admin')),
  idempotency_key      text,
  request_hash         text,
  response             text,        -- the 201 answer as sent, replayed byte for byte for a retried key
  registration_date    timestamptz NOT NULL DEFAULT now(),
  expires_at           timestamptz,
  decided_at           timestamptz,
  decided_by           uuid,
  rejection_reason     text,
  cancelled_at         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
-- one registration per idempotency key, whatever Redis says
CREATE UNIQUE INDEX enrollments_idempotency ON enrollment.enrollments (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- one pending registration per email and course (case-insensitive through citext)
CREATE UNIQUE INDEX enrollments_one_pending ON enrollment.enrollments (email, course_id) WHERE status = 'pending';
CREATE INDEX enrollments_student ON enrollment.enrollments (student_id);
CREATE INDEX enrollments_course_status ON enrollment.enrollments (course_id, status);
CREATE INDEX enrollments_schedule ON enrollment.enrollments (schedule_id) WHERE schedule_id IS NOT NULL;
CREATE INDEX enrollments_expiry ON enrollment.enrollments (expires_at) WHERE status = 'pending';

-- At most three pending registrations per email: a counter row per email kept by a trigger; the CHECK
-- refuses the fourth. Concurrent registrations for one email serialise on that row, so this cannot race.
CREATE TABLE enrollment.pending_per_email (
  email   citext PRIMARY KEY,
  pending integer NOT NULL CHECK (pending BETWEEN 0 AND 3)
);

CREATE FUNCTION enrollment.count_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'pending' THEN
      UPDATE enrollment.pending_per_email SET pending = pending - 1 WHERE email = OLD.email;
    END IF;
    RETURN OLD;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.status = 'pending' THEN
      INSERT INTO enrollment.pending_per_email AS p (email, pending) VALUES (NEW.email, 1)
      ON CONFLICT (email) DO UPDATE SET pending = p.pending + 1;
    END IF;
  ELSIF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
    UPDATE enrollment.pending_per_email SET pending = pending - 1 WHERE email = OLD.email;
  ELSIF OLD.status <> 'pending' AND NEW.status = 'pending' THEN
    INSERT INTO enrollment.pending_per_email AS p (email, pending) VALUES (NEW.email, 1)
    ON CONFLICT (email) DO UPDATE SET pending = p.pending + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER enrollments_count_pending AFTER INSERT OR UPDATE OF status OR DELETE ON enrollment.enrollments
  FOR EACH ROW EXECUTE FUNCTION enrollment.count_pending();

-- Seats per course: approvals take a seat with one conditional UPDATE (taken < capacity), cancellations
-- give it back. The CHECK makes an overfull course impossible even for a buggy caller.
CREATE TABLE enrollment.course_seats (
  course_id uuid PRIMARY KEY REFERENCES catalog.courses (id),
  taken     integer NOT NULL CHECK (taken >= 0)
);

-- Events written in the same transaction as the change they describe, published after commit
-- (and re-published by a sweep if a node stopped in between).
CREATE TABLE enrollment.outbox (
  id           bigserial PRIMARY KEY,
  event_type   text        NOT NULL,
  data         jsonb       NOT NULL,
  triggered_by text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON enrollment.outbox (id) WHERE published_at IS NULL;
