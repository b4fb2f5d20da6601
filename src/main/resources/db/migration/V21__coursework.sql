-- Coursework (issue 17, seed 003 §7): assignments of a course and the students' submissions, owned by the coursework
-- verticle. Times are UTC timestamptz; the API reads an offset-less due_date as academy time (setting `timezone`).
CREATE SCHEMA IF NOT EXISTS coursework;

-- DRAFT is invisible to students; ACTIVE is published (EXPIRED is ACTIVE past its due date, computed, never stored);
-- DELETED is the soft delete (submissions kept).
CREATE TYPE coursework.assignment_status AS ENUM ('DRAFT', 'ACTIVE', 'DELETED');

CREATE TABLE coursework.assignments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id    uuid        NOT NULL REFERENCES catalog.courses (id),
  title        text        NOT NULL CHECK (char_length(title) BETWEEN 5 AND 200),
  description  text        NOT NULL DEFAULT '',
  due_date     timestamptz NOT NULL,
  points       integer     NOT NULL CHECK (points BETWEEN 1 AND 1000),
  resource_url text,
  status       coursework.assignment_status NOT NULL DEFAULT 'DRAFT',
  allow_late   boolean     NOT NULL DEFAULT false,
  created_by   uuid        REFERENCES auth.users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  -- first time it became ACTIVE: the announcement to the course's students is due from then on
  published_at timestamptz,
  -- every student of the course had the announcement handed to notify (the job's mark)
  announced_at timestamptz,
  -- the due-date reminder ran for this due date (moving the due date clears it)
  reminded_at  timestamptz
);
CREATE INDEX assignments_course ON coursework.assignments (course_id, due_date);
CREATE INDEX assignments_unannounced ON coursework.assignments (published_at) WHERE announced_at IS NULL AND published_at IS NOT NULL;
CREATE INDEX assignments_unreminded ON coursework.assignments (due_date) WHERE reminded_at IS NULL AND status = 'ACTIVE';

-- SUBMITTED before the due date, LATE after it (allow_late), GRADED once scored (late stays recorded in `late`)
CREATE TYPE coursework.submission_status AS ENUM ('SUBMITTED', 'LATE', 'GRADED');

CREATE TABLE coursework.submissions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assignment_id uuid        NOT NULL REFERENCES coursework.assignments (id),
  student_id    uuid        NOT NULL REFERENCES auth.users (id),
  file_url      text        NOT NULL,
  content       text,
  status        coursework.submission_status NOT NULL DEFAULT 'SUBMITTED',
  late          boolean     NOT NULL DEFAULT false,
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  score         integer     CHECK (score >= 0),
  feedback      text,
  graded_at     timestamptz,
  graded_by     uuid        REFERENCES auth.users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- one submission per student and assignment: a resubmission replaces the link
  CONSTRAINT submissions_one_per_student UNIQUE (assignment_id, student_id),
  CHECK ((status = 'GRADED') = (score IS NOT NULL AND graded_at IS NOT NULL))
);
CREATE INDEX submissions_student ON coursework.submissions (student_id);

-- coursework's transactional outbox (the shape of enrollment's, V4): events and emails leave after commit
CREATE TABLE coursework.outbox (
  id           bigserial PRIMARY KEY,
  event_type   text        NOT NULL,
  data         jsonb       NOT NULL,
  triggered_by text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON coursework.outbox (id) WHERE published_at IS NULL;
