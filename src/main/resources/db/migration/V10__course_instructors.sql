-- Who teaches a course (issue 14.1): its owner (catalog.courses.instructor_id) plus the instructors an admin
-- assigns here. Every "may see / may change" check on a course's classes, registrations, attendance, students
-- and analytics goes through this relation (bus/CoursePolicy); it is never derived from rows an instructor can
-- create (classes were: any instructor could create a class in any course and then read its data).
CREATE TABLE catalog.course_instructors (
  course_id     uuid        NOT NULL REFERENCES catalog.courses (id) ON DELETE CASCADE,
  instructor_id uuid        NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  assigned_by   uuid        REFERENCES auth.users (id) ON DELETE SET NULL,
  assigned_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, instructor_id)
);
CREATE INDEX course_instructors_instructor ON catalog.course_instructors (instructor_id);

-- Existing classes scheduled by an admin for an instructor who does not own the course keep working: an admin
-- scheduling someone is an admin decision, so those instructors are assigned. Classes an instructor scheduled
-- for themself in another instructor's course are not trusted (that is the hole this closes).
INSERT INTO catalog.course_instructors (course_id, instructor_id, assigned_by)
SELECT DISTINCT s.course_id, s.instructor_id, s.created_by
FROM scheduling.schedules s
JOIN auth.users creator ON creator.id = s.created_by AND creator.role = 'admin'
JOIN catalog.courses c ON c.id = s.course_id
WHERE s.instructor_id IS NOT NULL AND s.instructor_id IS DISTINCT FROM c.instructor_id
ON CONFLICT DO NOTHING;
