-- Analytics over coursework (issue 17, the assignments block of a student's figures, seed §7.2): read-only views of the
-- coursework schema (V21), in the manner of V7 — the analytics verticle reads only views, and every view refuses writes.

-- Assignments of every status (DRAFT, ACTIVE, DELETED); EXPIRED is ACTIVE past its due date.
CREATE VIEW analytics.assignments AS
  SELECT id, course_id, status::text AS status, due_date, points, allow_late, published_at, created_at
  FROM coursework.assignments;

-- Submissions: status SUBMITTED, LATE or GRADED; `late` stays true for a late submission once graded.
CREATE VIEW analytics.submissions AS
  SELECT id, assignment_id, student_id, status::text AS status, late, submitted_at, score, graded_at
  FROM coursework.submissions;

CREATE TRIGGER assignments_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.assignments
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
CREATE TRIGGER submissions_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.submissions
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
