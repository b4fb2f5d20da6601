-- Online classes and session topics (issue 17, seed 003 §2.3: a course runs as a series of sessions).
-- A class is online when it has no room (room_id NULL); then it must carry the https link students join by
-- (meeting_url). A class in a room may carry a link too (a hybrid class, streamed from the room). description is
-- the session's topic ("HTML & CSS Basics").
--
-- Double-booking stays impossible in the database. The instructor constraint is unchanged. The room constraint
-- schedules_room_no_overlap (room_id WITH =, range WITH &&) is kept as it is: an exclusion constraint only refuses
-- a row when every operator answers true, and NULL = NULL is NULL, so classes without a room never conflict with
-- one another over "the room" — only their instructor is checked.

ALTER TABLE scheduling.schedules
  ALTER COLUMN room_id DROP NOT NULL,
  ADD COLUMN meeting_url text,
  ADD COLUMN description text,
  ADD CONSTRAINT schedules_meeting_url_https CHECK (meeting_url ~ '^https://\S+$' AND length(meeting_url) <= 2000),
  ADD CONSTRAINT schedules_description_length CHECK (length(btrim(description)) BETWEEN 1 AND 500),
  ADD CONSTRAINT schedules_room_or_meeting_url CHECK (room_id IS NOT NULL OR meeting_url IS NOT NULL);

COMMENT ON CONSTRAINT schedules_room_no_overlap ON scheduling.schedules IS
  'A room holds one live class at a time; classes without a room (online, room_id NULL) never clash here (NULL = NULL is not true)';

-- A series creates its occurrences with its room (or none) and link, so it keeps them as it was asked.
ALTER TABLE scheduling.series
  ALTER COLUMN room_id DROP NOT NULL,
  ADD COLUMN meeting_url text,
  ADD CONSTRAINT series_meeting_url_https CHECK (meeting_url ~ '^https://\S+$' AND length(meeting_url) <= 2000),
  ADD CONSTRAINT series_room_or_meeting_url CHECK (room_id IS NOT NULL OR meeting_url IS NOT NULL);
