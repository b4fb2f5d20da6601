-- From the review of issue 14's registration changes.

-- 1. The pending rules are anti-abuse rules for the anonymous form: they count public registrations only, so a
--    stranger's registrations with a student's address can no longer block that student's own bookings (which
--    one_active guards) or an admin's direct enrollment (approved in the same transaction).
DROP INDEX enrollment.enrollments_one_pending;
CREATE UNIQUE INDEX enrollments_one_pending ON enrollment.enrollments (email_key, course_id)
  WHERE status = 'pending' AND source = 'public';

CREATE OR REPLACE FUNCTION enrollment.count_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'pending' AND OLD.source = 'public' THEN
      UPDATE enrollment.pending_per_email SET pending = pending - 1 WHERE email_key = OLD.email_key;
    END IF;
    RETURN OLD;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.status = 'pending' AND NEW.source = 'public' THEN
      INSERT INTO enrollment.pending_per_email AS p (email_key, pending) VALUES (NEW.email_key, 1)
      ON CONFLICT (email_key) DO UPDATE SET pending = p.pending + 1;
    END IF;
  ELSIF NEW.source <> 'public' THEN
    NULL;
  ELSIF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
    UPDATE enrollment.pending_per_email SET pending = pending - 1 WHERE email_key = OLD.email_key;
  ELSIF OLD.status <> 'pending' AND NEW.status = 'pending' THEN
    INSERT INTO enrollment.pending_per_email AS p (email_key, pending) VALUES (NEW.email_key, 1)
    ON CONFLICT (email_key) DO UPDATE SET pending = p.pending + 1;
  END IF;
  RETURN NEW;
END $$;

-- 2. Registrations made before V9 get the canonical key the application computes (bus/Emails.canonical; this is a
--    copy of that rule for the rows already stored, not used at run time).
CREATE FUNCTION enrollment.canonical_email_v11(address text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  WITH v AS (SELECT lower(normalize(btrim(address), NFKC)) AS a),
  parts AS (SELECT substring(a FROM '^(.*)@[^@]*$') AS l, rtrim(substring(a FROM '@([^@]*)$'), '.') AS d FROM v),
  untagged AS (SELECT CASE WHEN position('+' IN l) > 1 THEN split_part(l, '+', 1) ELSE l END AS l, d FROM parts)
  SELECT CASE WHEN l IS NULL THEN (SELECT a FROM v)
              WHEN d IN ('gmail.com', 'googlemail.com') THEN replace(l, '.', '') || '@gmail.com'
              ELSE l || '@' || d END
  FROM untagged
$$;
UPDATE enrollment.enrollments SET email_key = enrollment.canonical_email_v11(email::text) WHERE access_code_hash IS NULL;
DROP FUNCTION enrollment.canonical_email_v11(text);
TRUNCATE enrollment.pending_per_email;
INSERT INTO enrollment.pending_per_email (email_key, pending)
  SELECT email_key, least(count(*), 3) FROM enrollment.enrollments
  WHERE status = 'pending' AND source = 'public' GROUP BY email_key;

-- 3. A public registration the pending rules refused got a neutral 201 answer (number + access code); its status
--    check answers like a new registration's (pending, then expired when a real one would), so the answer cannot be
--    used to learn whether the address had a pending registration. The reason stays here for staff.
CREATE TABLE enrollment.refused_registrations (
  registration_number text        PRIMARY KEY,
  access_code_hash    bytea       NOT NULL UNIQUE,
  email               citext      NOT NULL,
  email_key           text        NOT NULL,
  full_name           text        NOT NULL,
  course_id           uuid        NOT NULL REFERENCES catalog.courses (id) ON DELETE CASCADE,
  start_date_target   date,
  reason              text        NOT NULL CHECK (reason IN ('already_pending', 'pending_limit')),
  registration_date   timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL
);
