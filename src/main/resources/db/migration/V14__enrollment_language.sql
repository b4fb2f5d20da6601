-- Emails of the enrollment flows (issue 15): a registration remembers its applicant's language (from the registration
-- request's Accept-Language; bookings and direct enrollments: accounts have no language, so Indonesian), so every
-- later decision on it (approval, rejection, cancellation, expiry) is emailed in the language of the first email.
ALTER TABLE enrollment.enrollments ADD COLUMN language text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'));
