-- Registration integrity (issues 13 and 14): registrations that do not queue behind one lock, public
-- registrations that never touch an account, a status check by access code, anti-abuse keys on a canonical
-- email, and one active enrollment per student and course.

-- 1. Numbers: REG-YYYY-MM-NNN from one sequence instead of a counter row every registration locked until it
--    committed. Still unique and increasing; a refused or rolled-back registration leaves a gap.
CREATE SEQUENCE enrollment.registration_number_seq;
SELECT setval('enrollment.registration_number_seq', greatest(1, (SELECT max(last_value) FROM enrollment.registration_counters)),
              (SELECT max(last_value) FROM enrollment.registration_counters) IS NOT NULL);
DROP TABLE enrollment.registration_counters;

-- 2. Idempotency keys in their own table: the first statement of a registration claims the key
--    (INSERT … ON CONFLICT DO NOTHING, which waits for a concurrent holder to commit or roll back), and the
--    answer is stored in the same transaction. A refused registration (see Registrations) stores its neutral
--    answer here without an enrollment row. Only committed rows are ever replayed.
CREATE TABLE enrollment.registration_keys (
  idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  request_hash    text        NOT NULL,
  enrollment_id   uuid        REFERENCES enrollment.enrollments (id) ON DELETE CASCADE,
  response        text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO enrollment.registration_keys (idempotency_key, request_hash, enrollment_id, response, created_at)
  SELECT idempotency_key, request_hash, id, response, created_at FROM enrollment.enrollments
  WHERE idempotency_key IS NOT NULL AND request_hash IS NOT NULL;
DROP INDEX enrollment.enrollments_idempotency;
ALTER TABLE enrollment.enrollments DROP COLUMN idempotency_key, DROP COLUMN request_hash, DROP COLUMN response;

-- 3. A public registration belongs to no account until an admin approves it (the approval links or creates
--    the student account); bookings and direct enrollments name their student from the start.
ALTER TABLE enrollment.enrollments ALTER COLUMN student_id DROP NOT NULL;
ALTER TABLE enrollment.enrollments ADD CONSTRAINT enrollments_student_when_decided
  CHECK (student_id IS NOT NULL OR status IN ('pending', 'rejected', 'cancelled', 'expired'));

-- 4. The status check answers for one registration, identified by a high-entropy access code given to the
--    applicant; only its SHA-256 is kept.
ALTER TABLE enrollment.enrollments ADD COLUMN access_code_hash bytea UNIQUE;

-- 5. Anti-abuse keys use the canonical email (lower case, NFKC, no +tag, no trailing dot, provider dot rules),
--    computed by the application; the typed address stays in email. Existing rows get the lower-cased address.
ALTER TABLE enrollment.enrollments ADD COLUMN email_key text;
UPDATE enrollment.enrollments SET email_key = lower(rtrim(email::text, '.'));
ALTER TABLE enrollment.enrollments ALTER COLUMN email_key SET NOT NULL;
DROP INDEX enrollment.enrollments_one_pending;
CREATE UNIQUE INDEX enrollments_one_pending ON enrollment.enrollments (email_key, course_id) WHERE status = 'pending';

ALTER TABLE enrollment.pending_per_email RENAME COLUMN email TO email_key;
ALTER TABLE enrollment.pending_per_email ALTER COLUMN email_key TYPE text;
TRUNCATE enrollment.pending_per_email;
INSERT INTO enrollment.pending_per_email (email_key, pending)
  SELECT email_key, least(count(*), 3) FROM enrollment.enrollments WHERE status = 'pending' GROUP BY email_key;

CREATE OR REPLACE FUNCTION enrollment.count_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'pending' THEN
      UPDATE enrollment.pending_per_email SET pending = pending - 1 WHERE email_key = OLD.email_key;
    END IF;
    RETURN OLD;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.status = 'pending' THEN
      INSERT INTO enrollment.pending_per_email AS p (email_key, pending) VALUES (NEW.email_key, 1)
      ON CONFLICT (email_key) DO UPDATE SET pending = p.pending + 1;
    END IF;
  ELSIF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
    UPDATE enrollment.pending_per_email SET pending = pending - 1 WHERE email_key = OLD.email_key;
  ELSIF OLD.status <> 'pending' AND NEW.status = 'pending' THEN
    INSERT INTO enrollment.pending_per_email AS p (email_key, pending) VALUES (NEW.email_key, 1)
    ON CONFLICT (email_key) DO UPDATE SET pending = p.pending + 1;
  END IF;
  RETURN NEW;
END $$;

-- 6. A student holds at most one active (pending or approved) enrollment per course. Earlier duplicates are
--    cancelled first (the oldest approved, else the oldest pending, stays) and the seat counts recomputed.
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY student_id, course_id
                                ORDER BY (status = 'approved') DESC, registration_date, id) AS n
  FROM enrollment.enrollments WHERE student_id IS NOT NULL AND status IN ('pending', 'approved'))
UPDATE enrollment.enrollments e SET status = 'cancelled', cancelled_at = now(), updated_at = now()
FROM ranked r WHERE r.id = e.id AND r.n > 1;
UPDATE enrollment.course_seats s SET taken = (SELECT count(*) FROM enrollment.enrollments e
                                              WHERE e.course_id = s.course_id AND e.status = 'approved');
CREATE UNIQUE INDEX enrollments_one_active ON enrollment.enrollments (student_id, course_id)
  WHERE status IN ('pending', 'approved') AND student_id IS NOT NULL;

-- The analytics view keeps its columns; unlinked registrations have no student yet.
