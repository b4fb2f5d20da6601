-- Class ratings (issue 19, seed §7.3 `rating`, roadmap 1.2.0 "instructor rating"), owned by scheduling.
-- A student rates a class they were marked present in, once: the key (schedule_id, student_id) refers to their
-- attendance record (so a rating without a mark cannot exist) and is the primary key (so a second one cannot either).
-- "Present" (attended = true) is checked by the one INSERT … SELECT that writes the rating, with the mark share-locked.
CREATE TABLE scheduling.ratings (
  schedule_id uuid        NOT NULL,
  student_id  uuid        NOT NULL,
  score       smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     text        CHECK (length(btrim(comment)) BETWEEN 1 AND 1000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schedule_id, student_id),
  FOREIGN KEY (schedule_id, student_id) REFERENCES scheduling.attendance (schedule_id, student_id)
);

-- The analytics verticle reads only views (V7): an instructor's rating is the mean score over the classes they teach.
CREATE VIEW analytics.ratings AS
  SELECT r.schedule_id, s.course_id, s.instructor_id, r.score, r.created_at
  FROM scheduling.ratings r JOIN scheduling.schedules s ON s.id = r.schedule_id;

CREATE TRIGGER ratings_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.ratings
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
