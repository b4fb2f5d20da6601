package verticles.scheduling;

/** Every statement of the scheduling verticle (schema {@code scheduling}). */
final class SchedulingSql {
  private SchedulingSql() {
  }

  /**
   * The exclusion constraints of V5; their names tell which resource clashed. A class without a room (online, V20)
   * never meets the room constraint: NULL = NULL is not true.
   */
  static final String ROOM_CONSTRAINT = "schedules_room_no_overlap";
  static final String INSTRUCTOR_CONSTRAINT = "schedules_instructor_no_overlap";

  // --- rooms ------------------------------------------------------------------------------------

  private static final String ROOM_COLUMNS =
    "id, name::text AS name, capacity, description, instruments, created_at, updated_at";

  static final String ROOMS_PAGE = "SELECT " + ROOM_COLUMNS + """
     FROM scheduling.rooms WHERE deleted_at IS NULL
    ORDER BY name, id LIMIT $1 OFFSET $2""";

  static final String ROOMS_COUNT = "SELECT count(*) AS total FROM scheduling.rooms WHERE deleted_at IS NULL";

  static final String ROOM_BY_ID = "SELECT " + ROOM_COLUMNS + " FROM scheduling.rooms WHERE id = $1 AND deleted_at IS NULL";

  static final String ROOM_INSERT = """
    INSERT INTO scheduling.rooms (name, capacity, description, instruments) VALUES ($1, $2, $3, $4)
    RETURNING\s""" + ROOM_COLUMNS;

  /** Partial update: null keeps the value. */
  static final String ROOM_UPDATE = """
    UPDATE scheduling.rooms SET
      name = coalesce($2::citext, name),
      capacity = coalesce($3, capacity),
      description = coalesce($4, description),
      instruments = coalesce($5, instruments),
      updated_at = now()
    WHERE id = $1 AND deleted_at IS NULL
    RETURNING\s""" + ROOM_COLUMNS;

  /** Taken by a room's deletion: schedules being created in it (FOR SHARE) wait, and vice versa. */
  static final String ROOM_LOCK = "SELECT id FROM scheduling.rooms WHERE id = $1 AND deleted_at IS NULL FOR UPDATE";

  /** Taken by a schedule write: the room must stay live until the schedule is committed. */
  static final String ROOM_SHARE = "SELECT id FROM scheduling.rooms WHERE id = $1 AND deleted_at IS NULL FOR SHARE";

  static final String ROOM_FUTURE_SCHEDULES = """
    SELECT count(*) AS n FROM scheduling.schedules
    WHERE room_id = $1 AND status = 'scheduled' AND end_time > now()""";

  static final String ROOM_DELETE = "UPDATE scheduling.rooms SET deleted_at = now(), updated_at = now() WHERE id = $1";

  static final String ROOM_UPCOMING = """
    SELECT id, course_id, instructor_id, start_time, end_time FROM scheduling.schedules
    WHERE room_id = $1 AND status = 'scheduled' AND end_time > now()
    ORDER BY start_time LIMIT $2""";

  /** Live rooms for a course: capacity ≥ $1, holding the instrument $2 (null = any). */
  static final String SUITABLE_ROOMS = "SELECT " + ROOM_COLUMNS + """
     FROM scheduling.rooms
    WHERE deleted_at IS NULL AND capacity >= $1
      AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM unnest(instruments) i WHERE lower(i) = lower($2)))
    ORDER BY name, id""";

  // --- schedules --------------------------------------------------------------------------------

  private static final String SCHEDULE_COLUMNS = """
    s.id, s.course_id, s.instructor_id, s.room_id, s.series_id, s.start_time, s.end_time,
    s.status::text AS status, s.created_at, s.updated_at, s.cancelled_at, s.meeting_url, s.description,
    r.name::text AS room_name, r.capacity AS room_capacity""";

  /** An online class has no room: its room columns are null. */
  private static final String FROM_SCHEDULES = " FROM scheduling.schedules s LEFT JOIN scheduling.rooms r ON r.id = s.room_id";

  /**
   * The list filters: $1 course, $2 instructor, $3 room, $4 starts at or after, $5 starts at or before,
   * $6 series, $7 include cancelled.
   */
  private static final String FILTERS = """

    WHERE ($1::uuid IS NULL OR s.course_id = $1)
      AND ($2::uuid IS NULL OR s.instructor_id = $2)
      AND ($3::uuid IS NULL OR s.room_id = $3)
      AND ($4::timestamptz IS NULL OR s.start_time >= $4)
      AND ($5::timestamptz IS NULL OR s.start_time <= $5)
      AND ($6::uuid IS NULL OR s.series_id = $6)
      AND ($7 OR s.status = 'scheduled')""";

  /** A page ($8 limit, $9 offset), earliest first. */
  static final String SCHEDULES_PAGE = "SELECT " + SCHEDULE_COLUMNS + FROM_SCHEDULES + FILTERS
    + "\nORDER BY s.start_time, s.id LIMIT $8 OFFSET $9";

  static final String SCHEDULES_COUNT = "SELECT count(*) AS total" + FROM_SCHEDULES + FILTERS;

  /** The feed: the same filters, at most $8 events. */
  static final String SCHEDULES_FEED = "SELECT " + SCHEDULE_COLUMNS + FROM_SCHEDULES + FILTERS
    + "\nORDER BY s.start_time, s.id LIMIT $8";

  static final String SCHEDULE_BY_ID = "SELECT " + SCHEDULE_COLUMNS + FROM_SCHEDULES + " WHERE s.id = $1";

  static final String SCHEDULES_BY_IDS = "SELECT " + SCHEDULE_COLUMNS + FROM_SCHEDULES
    + " WHERE s.id = ANY($1) ORDER BY s.start_time, s.id";

  /** A live schedule, locked for a change (update, cancel). */
  static final String LOCK_LIVE = """
    SELECT id, course_id, instructor_id, room_id, series_id, start_time, end_time FROM scheduling.schedules
    WHERE id = $1 AND status = 'scheduled' FOR UPDATE""";

  /**
   * Live schedules of room $1 (null for an online class: then only the instructor) or instructor $2 overlapping any of the wanted ranges ($3 starts, $4 ends,
   * pairwise), except schedule $5. Half-open ranges: touching ends do not clash.
   */
  static final String CLASHES = """
    SELECT o.start_time AS wanted_start, o.end_time AS wanted_end,
           s.id, s.room_id, s.instructor_id, s.start_time, s.end_time
    FROM unnest($3::timestamptz[], $4::timestamptz[]) AS o(start_time, end_time)
    JOIN scheduling.schedules s ON s.status = 'scheduled'
      AND (s.room_id = $1 OR s.instructor_id = $2)
      AND tstzrange(s.start_time, s.end_time, '[)') && tstzrange(o.start_time, o.end_time, '[)')
      AND ($5::uuid IS NULL OR s.id <> $5)
    ORDER BY o.start_time, s.start_time, s.id""";

  static final String INSERT = """
    INSERT INTO scheduling.schedules (course_id, instructor_id, room_id, start_time, end_time, created_by, meeting_url,
                                      description)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""";

  /** A move or change; a schedule that moves may be reminded again. */
  static final String UPDATE = """
    UPDATE scheduling.schedules SET course_id = $2, instructor_id = $3, room_id = $4, start_time = $5,
      end_time = $6, meeting_url = $7, description = $8, updated_at = now(),
      reminded_at = CASE WHEN start_time = $5 THEN reminded_at END
    WHERE id = $1 RETURNING id""";

  static final String HAS_ATTENDANCE = "SELECT EXISTS (SELECT 1 FROM scheduling.attendance WHERE schedule_id = $1) AS marked";

  static final String CANCEL = """
    UPDATE scheduling.schedules SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, updated_at = now()
    WHERE id = ANY($1) AND status = 'scheduled'
    RETURNING id, course_id, instructor_id, room_id, series_id, start_time, end_time""";

  // --- series -----------------------------------------------------------------------------------

  static final String SERIES_INSERT = """
    INSERT INTO scheduling.series (course_id, instructor_id, room_id, weekdays, local_start, duration_minutes,
                                   first_date, last_date, timezone, created_by, meeting_url)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, created_at""";

  static final String SERIES_OCCURRENCES_INSERT = """
    INSERT INTO scheduling.schedules (course_id, instructor_id, room_id, series_id, start_time, end_time, created_by,
                                      meeting_url)
    SELECT $1, $2, $3, $4, o.start_time, o.end_time, $7, $8
    FROM unnest($5::timestamptz[], $6::timestamptz[]) AS o(start_time, end_time)
    RETURNING id""";

  static final String SERIES_LOCK = "SELECT id, timezone FROM scheduling.series WHERE id = $1 FOR UPDATE";

  /** The live occurrences of series $1 from $2 on, locked, with whether attendance was taken. */
  static final String SERIES_REST = """
    SELECT s.id, EXISTS (SELECT 1 FROM scheduling.attendance a WHERE a.schedule_id = s.id) AS marked
    FROM scheduling.schedules s
    WHERE s.series_id = $1 AND s.status = 'scheduled' AND s.start_time >= $2
    ORDER BY s.start_time FOR UPDATE OF s""";

  /** Every occurrence (any status) of the series $1: a student placed on one attends them all. */
  static final String SERIES_MEMBERS = "SELECT id, series_id FROM scheduling.schedules WHERE series_id = ANY($1)";

  // --- availability -----------------------------------------------------------------------------

  /** Live schedules in [$1, $2) of the rooms $3 or the instructor $4. */
  static final String BUSY = """
    SELECT room_id, instructor_id, start_time, end_time FROM scheduling.schedules
    WHERE status = 'scheduled' AND start_time < $2 AND end_time > $1
      AND (room_id = ANY($3) OR instructor_id = $4)""";

  // --- attendance -------------------------------------------------------------------------------

  private static final String ATTENDANCE_COLUMNS = "schedule_id, student_id, attended, marked_by, created_at, marked_at";

  /** The class being marked, shared-locked so it cannot be cancelled until the mark commits. */
  static final String SCHEDULE_FOR_ATTENDANCE = """
    SELECT id, course_id, instructor_id, series_id, start_time, end_time FROM scheduling.schedules
    WHERE id = $1 AND status = 'scheduled' FOR SHARE""";

  static final String ATTENDANCE_INSERT = """
    INSERT INTO scheduling.attendance (schedule_id, student_id, attended, marked_by) VALUES ($1, $2, $3, $4)
    RETURNING\s""" + ATTENDANCE_COLUMNS;

  static final String ATTENDANCE_UPDATE = """
    UPDATE scheduling.attendance SET attended = $3, marked_by = $4, marked_at = now()
    WHERE schedule_id = $1 AND student_id = $2
    RETURNING\s""" + ATTENDANCE_COLUMNS;

  static final String ATTENDANCE_OF_SCHEDULE = "SELECT " + ATTENDANCE_COLUMNS
    + " FROM scheduling.attendance WHERE schedule_id = $1 ORDER BY marked_at";

  /**
   * A student's records: $1 student, $2 course, $3 from, $4 until (inclusive), $5 the reader's courses (an
   * instructor's, from CoursePolicy; null = all).
   */
  private static final String STUDENT_FILTERS = """
     FROM scheduling.attendance a JOIN scheduling.schedules s ON s.id = a.schedule_id
    WHERE a.student_id = $1
      AND ($2::uuid IS NULL OR s.course_id = $2)
      AND ($3::timestamptz IS NULL OR s.start_time >= $3)
      AND ($4::timestamptz IS NULL OR s.start_time <= $4)
      AND ($5::uuid[] IS NULL OR s.course_id = ANY($5))""";

  static final String STUDENT_ATTENDANCE_PAGE = """
    SELECT a.schedule_id, s.course_id, s.start_time, s.end_time, a.attended, a.marked_at""" + STUDENT_FILTERS
    + "\nORDER BY s.start_time DESC, s.id LIMIT $6 OFFSET $7";

  static final String STUDENT_ATTENDANCE_SUMMARY = """
    SELECT count(*) AS total, count(*) FILTER (WHERE a.attended) AS attended""" + STUDENT_FILTERS;

  /** Whether student $1 was marked in a class of one of the courses $2. */
  static final String TAUGHT_STUDENT = """
    SELECT EXISTS (SELECT 1 FROM scheduling.attendance a JOIN scheduling.schedules s ON s.id = a.schedule_id
                   WHERE a.student_id = $1 AND s.course_id = ANY($2)) AS taught""";

  // --- internal queries and jobs ----------------------------------------------------------------

  static final String UPCOMING_FOR_COURSE = "SELECT " + SCHEDULE_COLUMNS + FROM_SCHEDULES + """

    WHERE s.course_id = $1 AND s.status = 'scheduled' AND s.start_time > now()
    ORDER BY s.start_time, s.id LIMIT $2""";

  /**
   * The sessions of course $1 (seed 003 §2.3.1): its live classes, past and future, earliest first; a page of $2 from
   * offset $3. Cancelled classes are left out.
   */
  static final String COURSE_SESSIONS_PAGE = """
    SELECT s.id, s.course_id, s.instructor_id, s.room_id, s.start_time, s.end_time, s.meeting_url, s.description,
      r.name::text AS room_name
    FROM scheduling.schedules s LEFT JOIN scheduling.rooms r ON r.id = s.room_id
    WHERE s.course_id = $1 AND s.status = 'scheduled'
    ORDER BY s.start_time, s.id LIMIT $2 OFFSET $3""";

  static final String COURSE_SESSIONS_COUNT =
    "SELECT count(*) AS total FROM scheduling.schedules WHERE course_id = $1 AND status = 'scheduled'";

  /** Every schedule row (any status) referring to the course: each of them blocks its deletion. */
  static final String COURSE_USAGE = "SELECT count(*) AS n FROM scheduling.schedules WHERE course_id = $1";

  static final String FLAT_BY_IDS = """
    SELECT s.id, s.course_id, s.instructor_id, s.room_id, s.series_id, s.start_time, s.end_time, s.status::text AS status,
      r.name::text AS room_name, s.meeting_url, s.description
    FROM scheduling.schedules s LEFT JOIN scheduling.rooms r ON r.id = s.room_id WHERE s.id = ANY($1) ORDER BY s.start_time, s.id""";

  /** Live classes the placements $1 lead to (the schedule, or every occurrence of its series) ending after $2. */
  static final String PLACED_SCHEDULES = "SELECT " + SCHEDULE_COLUMNS + FROM_SCHEDULES + """

    WHERE s.status = 'scheduled' AND s.end_time > $2
      AND (s.id = ANY($1) OR s.series_id IN (SELECT series_id FROM scheduling.schedules
                                             WHERE id = ANY($1) AND series_id IS NOT NULL))
    ORDER BY s.start_time, s.id LIMIT $3""";

  static final String COUNTS = """
    SELECT count(*) AS total,
           count(*) FILTER (WHERE status = 'scheduled' AND end_time <= now()) AS held,
           count(*) FILTER (WHERE status = 'scheduled' AND start_time <= now() AND end_time > now()) AS in_progress,
           count(*) FILTER (WHERE status = 'scheduled' AND start_time > now()) AS upcoming,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
           count(DISTINCT series_id) AS series,
           (SELECT count(*) FROM scheduling.rooms WHERE deleted_at IS NULL) AS rooms,
           (SELECT count(*) FROM scheduling.attendance) AS marked,
           (SELECT count(*) FROM scheduling.attendance WHERE attended) AS attended
    FROM scheduling.schedules""";

  /**
   * Live classes that have not started and start within $1 minutes, those not marked reminded first, each part
   * earliest first (a bounded batch: the rest come in the next run). Marked ones are checked for students placed since.
   */
  static final String DUE_REMINDERS = """
    SELECT s.id, s.course_id, s.instructor_id, s.room_id, s.series_id, s.start_time, s.end_time, s.reminded_at,
      r.name::text AS room_name, s.meeting_url
    FROM scheduling.schedules s LEFT JOIN scheduling.rooms r ON r.id = s.room_id
    WHERE s.status = 'scheduled' AND s.start_time > now() AND s.start_time <= now() + make_interval(mins => $1)
    ORDER BY s.reminded_at IS NOT NULL, s.start_time, s.id LIMIT 200""";

  /**
   * Marks class $1 reminded once every student's email was accepted — only while it is live, unmarked and still
   * starts at $2 (a class moved meanwhile is due again at its new time).
   */
  static final String MARK_REMINDED = """
    UPDATE scheduling.schedules SET reminded_at = now()
    WHERE id = $1 AND status = 'scheduled' AND reminded_at IS NULL AND start_time = $2
    RETURNING id""";

  // --- calendar subscriptions (issue 20) -----------------------------------------------------------

  /** User $1's secret feed: a new token hash $2 replaces the old one in the same statement (rotation). */
  static final String SAVE_CALENDAR_FEED = """
    INSERT INTO scheduling.calendar_feeds (user_id, token_hash) VALUES ($1, $2)
    ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()""";

  /** The user of the feed whose token hashes to $1. */
  static final String CALENDAR_FEED_USER = "SELECT user_id FROM scheduling.calendar_feeds WHERE token_hash = $1";

  // --- ratings (V28, issue 19) ----------------------------------------------------------------------

  /**
   * Rates class $1 by student $2 with score $3 and comment $4, only when the student's mark there says present
   * (share-locked, so the mark cannot change under the rating) and the class is live; a second rating does nothing.
   * One row back: created_at (null when nothing was written), live (the class exists, not cancelled), attended
   * (the mark, null without one): the handler tells 404, 403 and 409 apart from them.
   */
  static final String RATE = """
    WITH mark AS (
      SELECT a.attended FROM scheduling.attendance a JOIN scheduling.schedules s ON s.id = a.schedule_id
      WHERE a.schedule_id = $1 AND a.student_id = $2 AND s.status = 'scheduled'
      FOR SHARE OF a),
    rated AS (
      INSERT INTO scheduling.ratings (schedule_id, student_id, score, comment)
      SELECT $1, $2, $3, $4 FROM mark WHERE mark.attended
      ON CONFLICT (schedule_id, student_id) DO NOTHING
      RETURNING created_at)
    SELECT (SELECT created_at FROM rated) AS created_at,
           EXISTS (SELECT 1 FROM scheduling.schedules WHERE id = $1 AND status = 'scheduled') AS live,
           (SELECT attended FROM mark) AS attended""";

  /** $1 instructor ids → one row per instructor with ratings: mean score (2 decimals) and count over their classes. */
  static final String INSTRUCTOR_RATINGS = """
    SELECT s.instructor_id, round(avg(r.score), 2)::float8 AS average, count(*) AS ratings
    FROM scheduling.ratings r JOIN scheduling.schedules s ON s.id = r.schedule_id
    WHERE s.instructor_id = ANY($1)
    GROUP BY s.instructor_id""";
}
