-- Analytics (issue 7): read-only views over the schemas the other verticles own. The analytics verticle
-- reads only these views; it never touches auth, catalog, enrollment or scheduling tables directly, so a
-- change of those tables needs only these views adjusted. Every view refuses writes (INSTEAD OF trigger),
-- even single-table views that PostgreSQL would otherwise make updatable.

CREATE FUNCTION analytics.read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'analytics.% is a read-only view', TG_TABLE_NAME USING ERRCODE = '42501';
END $$;

-- Live (not soft-deleted) accounts: who they are, never credentials or contact data.
CREATE VIEW analytics.users AS
  SELECT id, full_name, role::text AS role, status::text AS status, created_at
  FROM auth.users
  WHERE deleted_at IS NULL;

CREATE VIEW analytics.courses AS
  SELECT id, title, level::text AS level, instrument, price_per_session, is_active, instructor_id, created_at
  FROM catalog.courses;

-- Registrations of every status (pending, approved, rejected, cancelled, expired).
CREATE VIEW analytics.enrollments AS
  SELECT id, student_id, course_id, status::text AS status, schedule_id, registration_date, decided_at, cancelled_at
  FROM enrollment.enrollments;

-- Classes, cancelled ones included (status tells).
CREATE VIEW analytics.schedules AS
  SELECT id, course_id, instructor_id, room_id, series_id, start_time, end_time, status::text AS status
  FROM scheduling.schedules;

-- Attendance marks with the class they belong to (course, instructor, times).
CREATE VIEW analytics.attendance AS
  SELECT a.schedule_id, a.student_id, a.attended, a.marked_at,
         s.course_id, s.instructor_id, s.start_time, s.end_time, s.status::text AS schedule_status
  FROM scheduling.attendance a
  JOIN scheduling.schedules s ON s.id = a.schedule_id;

CREATE TRIGGER users_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.users
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
CREATE TRIGGER courses_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.courses
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
CREATE TRIGGER enrollments_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.enrollments
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
CREATE TRIGGER schedules_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.schedules
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
CREATE TRIGGER attendance_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON analytics.attendance
  FOR EACH ROW EXECUTE FUNCTION analytics.read_only();
