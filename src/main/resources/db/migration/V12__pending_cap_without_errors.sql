-- The pending cap refuses a public registration without an error (issue 14, second review): an error made the refused
-- path a failed transaction plus a second one, measurably slower than a new registration, so the time of the
-- neutral answer told who already had pending registrations. A BEFORE trigger now skips the row (the INSERT returns
-- nothing, as for the one-pending index under ON CONFLICT DO NOTHING) and the refusal is recorded in the same
-- transaction. It locks the email's counter row, so concurrent registrations for one address still serialise; the
-- counter's CHECK stays as the backstop for the first registrations of an address racing each other.
CREATE FUNCTION enrollment.pending_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  IF NEW.status = 'pending' AND NEW.source = 'public' THEN
    SELECT pending INTO n FROM enrollment.pending_per_email WHERE email_key = NEW.email_key FOR UPDATE;
    IF n >= 3 THEN
      RETURN NULL;
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER enrollments_pending_cap BEFORE INSERT ON enrollment.enrollments
  FOR EACH ROW EXECUTE FUNCTION enrollment.pending_cap();
