package verticles.catalog;

/** Every statement of the catalog verticle (schema {@code catalog}). */
final class CatalogSql {
  private CatalogSql() {
  }

  private static final String COLUMNS = """
    id, title, description, level::text AS level, instrument, price_per_session, duration_minutes,
    max_students, is_active, instructor_id, created_at, updated_at""";

  /**
   * The filters of a listing, shared by the page and its count. Parameters:
   * $1 level, $2 is_active, $3 instructor_id (null = any), $4 visibility (all | own | active),
   * $5 the calling instructor's id (visibility own), $6 search text, $7 its ILIKE pattern.
   * Search: full text (title and description, any word, prefix-free) or, for partial words, a
   * case-insensitive substring of the title or description (trigram indexes).
   */
  private static final String FILTERS = """
    FROM catalog.courses
    WHERE ($1::text IS NULL OR level = $1::catalog.course_level)
      AND ($2::boolean IS NULL OR is_active = $2)
      AND ($3::uuid IS NULL OR instructor_id = $3)
      AND ($4 = 'all' OR is_active OR ($4 = 'own' AND instructor_id = $5::uuid))
      AND ($6::text IS NULL
           OR search @@ plainto_tsquery('simple', $6)
           OR title ILIKE $7 OR description ILIKE $7)""";

  /**
   * One page; best matches first when searching (full-text rank, title matches before description-only
   * ones), else newest first. $8 limit, $9 offset. No pg_trgm function is called here: the extension
   * lives where Flyway installed it, outside the runtime search_path; its index classes serve ILIKE.
   */
  static final String LIST = "SELECT " + COLUMNS + "\n" + FILTERS + """

    ORDER BY CASE WHEN $6::text IS NULL THEN 0
                  ELSE ts_rank(search, plainto_tsquery('simple', $6))
                       + CASE WHEN title ILIKE $7 THEN 1 ELSE 0 END END DESC,
             created_at DESC, id
    LIMIT $8 OFFSET $9""";

  static final String COUNT = "SELECT count(*) AS total\n" + FILTERS;

  static final String BY_ID = "SELECT " + COLUMNS + " FROM catalog.courses WHERE id = $1";

  static final String INSERT = """
    INSERT INTO catalog.courses (title, description, level, instrument, price_per_session, duration_minutes,
                                 max_students, is_active, instructor_id)
    VALUES ($1, $2, $3::catalog.course_level, $4, $5, $6, $7, $8, $9)
    RETURNING\s""" + COLUMNS;

  /**
   * Partial update with optimistic locking in the WHERE clause: the row changes only when its
   * updated_at is still the one the client read ($2; null = the client asked for no check) and, for an instructor, they own it ($3, null for
   * admins). Absent fields keep their value; instrument and instructor_id change only when their flag
   * ($9, $12) says the body carried them (so null can clear them). updated_at always moves forward.
   */
  static final String UPDATE = """
    UPDATE catalog.courses SET
      title = coalesce($4, title),
      description = coalesce($5, description),
      level = coalesce($6::catalog.course_level, level),
      price_per_session = coalesce($7, price_per_session),
      duration_minutes = coalesce($8, duration_minutes),
      instrument = CASE WHEN $9 THEN $10 ELSE instrument END,
      max_students = coalesce($11, max_students),
      instructor_id = CASE WHEN $12 THEN $13::uuid ELSE instructor_id END,
      is_active = coalesce($14, is_active),
      updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
    WHERE id = $1 AND ($2::timestamptz IS NULL OR updated_at = $2) AND ($3::uuid IS NULL OR instructor_id = $3)
    RETURNING\s""" + COLUMNS;

  /** Deletes the course; $2 = the owning instructor (null for admins). */
  static final String DELETE = "DELETE FROM catalog.courses WHERE id = $1 AND ($2::uuid IS NULL OR instructor_id = $2)";

  /** Seed §4.11, the catalog's own part. */
  static final String STATS = """
    SELECT count(*) AS total_courses,
           count(*) FILTER (WHERE is_active) AS active_courses,
           count(*) FILTER (WHERE NOT is_active) AS inactive_courses,
           count(*) FILTER (WHERE level = 'beginner') AS beginner,
           count(*) FILTER (WHERE level = 'intermediate') AS intermediate,
           count(*) FILTER (WHERE level = 'advanced') AS advanced
    FROM catalog.courses""";

  static final String BY_IDS = "SELECT " + COLUMNS + " FROM catalog.courses WHERE id = ANY($1)";

  /** Every active course, by id (the recommendations rank them; issue 19). */
  static final String ACTIVE = "SELECT " + COLUMNS + " FROM catalog.courses WHERE is_active ORDER BY id";

  /** The courses instructor $1 teaches: owns, or was assigned to by an admin (the relation CoursePolicy answers from). */
  static final String COURSES_OF_INSTRUCTOR = """
    SELECT id FROM catalog.courses WHERE instructor_id = $1
    UNION SELECT course_id FROM catalog.course_instructors WHERE instructor_id = $1""";

  static final String EXISTS = "SELECT 1 FROM catalog.courses WHERE id = $1";

  /** Course $1's owner (assigned_at null) and assigned instructors, owner first. */
  static final String COURSE_STAFF = """
    SELECT instructor_id, NULL::timestamptz AS assigned_at FROM catalog.courses WHERE id = $1 AND instructor_id IS NOT NULL
    UNION ALL
    SELECT i.instructor_id, i.assigned_at FROM catalog.course_instructors i JOIN catalog.courses c ON c.id = i.course_id
    WHERE i.course_id = $1 AND i.instructor_id IS DISTINCT FROM c.instructor_id
    ORDER BY assigned_at NULLS FIRST, instructor_id""";

  /** Assigns $2 to course $1 by $3 unless they own it or are assigned already (then no row back). */
  static final String ASSIGN = """
    INSERT INTO catalog.course_instructors (course_id, instructor_id, assigned_by)
    SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM catalog.courses WHERE id = $1 AND instructor_id = $2)
    ON CONFLICT DO NOTHING RETURNING assigned_at""";

  /** Removes the assignment of $2 to course $1: {owner: whether $2 owns it, removed: rows}. */
  static final String UNASSIGN = """
    WITH gone AS (DELETE FROM catalog.course_instructors WHERE course_id = $1 AND instructor_id = $2 RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM catalog.courses WHERE id = $1 AND instructor_id = $2) AS owner,
           (SELECT count(*) FROM gone) AS removed""";

  static final String TITLES = "SELECT id, title FROM catalog.courses WHERE id = ANY($1)";

  /**
   * The chat assistant's search over active courses: any of the words ($1, a tsquery of OR-ed prefixes; null
   * = no words) in title or description, or a word ($2, ILIKE patterns) in the title or instrument. Courses
   * of the asked level ($3, null = any) first, then the best matches, then the cheapest. $4 limit. Without
   * words every active course qualifies.
   */
  static final String ASSISTANT_SEARCH = """
    SELECT id, title, description, level::text AS level, instrument, price_per_session, duration_minutes,
           max_students
    FROM catalog.courses
    WHERE is_active
      AND ($1::text IS NULL
           OR search @@ to_tsquery('simple', $1)
           OR title ILIKE ANY($2::text[]) OR instrument ILIKE ANY($2::text[]))
    ORDER BY ($3::text IS NOT NULL AND level::text = $3) DESC,
             coalesce(ts_rank(search, to_tsquery('simple', $1)), 0)
               + CASE WHEN instrument ILIKE ANY($2::text[]) THEN 1 ELSE 0 END
               + CASE WHEN title ILIKE ANY($2::text[]) THEN 1 ELSE 0 END DESC,
             price_per_session, title
    LIMIT $4""";
}
