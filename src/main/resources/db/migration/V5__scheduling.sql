-- Scheduling (issue 4, seed §4.6–4.10, §4A, §4B): rooms, class schedules, recurring series, attendance.
-- No double-booking is held by the database itself: two exclusion constraints make it impossible for a
-- room or an instructor to hold two live schedules whose [start, end) ranges overlap, whatever races.

-- Rooms: soft-deleted (deleted_at) so past schedules keep their room; names unique among live rooms.
CREATE TABLE scheduling.rooms (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        citext      NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  capacity    integer     NOT NULL CHECK (capacity > 0 AND capacity <= 1000),
  description text        NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  -- the instruments (or equipment categories) the room holds; matched case-insensitively
  instruments text[]      NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE UNIQUE INDEX rooms_name_live ON scheduling.rooms (name) WHERE deleted_at IS NULL;

-- A recurring series as it was asked for (weekdays and local time in its zone); its occurrences are
-- ordinary schedules carrying series_id, moved or cancelled one by one.
CREATE TABLE scheduling.series (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id        uuid        NOT NULL REFERENCES catalog.courses (id),
  instructor_id    uuid        NOT NULL REFERENCES auth.users (id),
  room_id          uuid        NOT NULL REFERENCES scheduling.rooms (id),
  weekdays         smallint[]  NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7),  -- ISO 1 = Monday
  local_start      time        NOT NULL,
  duration_minutes integer     NOT NULL CHECK (duration_minutes > 0),
  first_date       date        NOT NULL,
  last_date        date        NOT NULL CHECK (last_date >= first_date),
  timezone         text        NOT NULL,
  created_by       uuid,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE scheduling.schedule_status AS ENUM ('scheduled', 'cancelled');

-- One class occurrence. Cancelling (DELETE, or cancelling the rest of a series) is the soft delete:
-- the row stays (attendance, history, the feed) but no longer holds the room or the instructor.
CREATE TABLE scheduling.schedules (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id     uuid        NOT NULL REFERENCES catalog.courses (id),
  instructor_id uuid        NOT NULL REFERENCES auth.users (id),
  room_id       uuid        NOT NULL REFERENCES scheduling.rooms (id),
  series_id     uuid        REFERENCES scheduling.series (id),
  start_time    timestamptz NOT NULL,
  end_time      timestamptz NOT NULL,
  status        scheduling.schedule_status NOT NULL DEFAULT 'scheduled',
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  cancelled_at  timestamptz,
  cancelled_by  uuid,
  -- set when schedule.reminder was published (claimed atomically, so once per schedule)
  reminded_at   timestamptz,
  CONSTRAINT schedules_time_order CHECK (end_time > start_time),
  -- back-to-back classes (10:00–11:00, 11:00–12:00) do not overlap: ranges are half-open
  CONSTRAINT schedules_room_no_overlap EXCLUDE USING gist
    (room_id WITH =, tstzrange(start_time, end_time, '[)') WITH &&) WHERE (status = 'scheduled'),
  CONSTRAINT schedules_instructor_no_overlap EXCLUDE USING gist
    (instructor_id WITH =, tstzrange(start_time, end_time, '[)') WITH &&) WHERE (status = 'scheduled')
);
CREATE INDEX schedules_start ON scheduling.schedules (start_time);
CREATE INDEX schedules_course ON scheduling.schedules (course_id, start_time);
CREATE INDEX schedules_series ON scheduling.schedules (series_id) WHERE series_id IS NOT NULL;
CREATE INDEX schedules_reminder ON scheduling.schedules (start_time) WHERE status = 'scheduled' AND reminded_at IS NULL;

-- Attendance: one record per student and class; marking twice is refused by the key.
CREATE TABLE scheduling.attendance (
  schedule_id uuid        NOT NULL REFERENCES scheduling.schedules (id),
  student_id  uuid        NOT NULL REFERENCES auth.users (id),
  attended    boolean     NOT NULL,
  marked_by   uuid        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  marked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schedule_id, student_id)
);
CREATE INDEX attendance_student ON scheduling.attendance (student_id);
