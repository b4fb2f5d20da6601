-- Issue 18, invoices (w18a): what the issuing and cancelling hand-overs need beyond V24.

-- the language the student is written to in about the invoice (the registration's, V14): its emails use it
ALTER TABLE billing.invoices ADD COLUMN language text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'));

-- enrollments cancelled as far as billing knows: an "issue the invoice" hand-over that arrives after the cancellation
-- (outbox rows are handed over side by side, and may be retried) issues nothing. Both hand-overs take a transaction
-- lock on the enrollment id first, so they never interleave.
CREATE TABLE billing.closed_enrollments (
  enrollment_id uuid PRIMARY KEY REFERENCES enrollment.enrollments (id) ON DELETE CASCADE,
  closed_at     timestamptz NOT NULL DEFAULT now()
);

-- the admin list, newest first
CREATE INDEX invoices_issued ON billing.invoices (issued_at DESC, id);

-- a course deleted from the catalog (possible only while no registration names it) leaves the packages that include
-- it, instead of refusing the catalog's delete with a foreign key it cannot see; a package whose courses are all gone
-- can no longer be chosen by any registration
ALTER TABLE billing.package_courses DROP CONSTRAINT package_courses_course_id_fkey,
  ADD CONSTRAINT package_courses_course_id_fkey FOREIGN KEY (course_id) REFERENCES catalog.courses (id) ON DELETE CASCADE;
