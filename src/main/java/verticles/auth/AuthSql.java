package verticles.auth;

/** Every statement of the auth verticle (schema {@code auth}). */
final class AuthSql {
  private AuthSql() {
  }

  static final String PING = "SELECT 1";

  static final String USER_BY_EMAIL = """
    SELECT id, email::text AS email, full_name, role::text AS role, status::text AS status, password_hash
    FROM auth.users WHERE email = $1 AND deleted_at IS NULL""";

  static final String USER_BY_ID = """
    SELECT id, email::text AS email, full_name, role::text AS role, status::text AS status, last_login_at
    FROM auth.users WHERE id = $1 AND deleted_at IS NULL""";

  static final String TOUCH_LAST_LOGIN = "UPDATE auth.users SET last_login_at = now() WHERE id = $1";

  static final String COUNT_ADMINS = "SELECT count(*) FROM auth.users WHERE role = 'admin' AND deleted_at IS NULL";

  static final String LOCK_ADMIN_BOOTSTRAP = "SELECT pg_advisory_xact_lock(hashtext('auth.admin-bootstrap'))";

  static final String INSERT_ADMIN = """
    INSERT INTO auth.users (email, password_hash, full_name, role, status, email_verified)
    VALUES ($1, $2, $3, 'admin', 'active', true)""";

  // --- brute-force protection -------------------------------------------------------------------

  /** Seconds until the longest active lock among the subjects ends (null when none is locked). */
  static final String LOCKED_FOR = """
    SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
    FROM auth.login_failures WHERE subject = ANY($1) AND locked_until > now()""";

  /** Counts one failure; a count older than the window ($2 seconds) starts again at 1. */
  static final String COUNT_FAILURE = """
    INSERT INTO auth.login_failures AS f (subject, failures, updated_at) VALUES ($1, 1, now())
    ON CONFLICT (subject) DO UPDATE SET
      failures = CASE WHEN f.updated_at < now() - make_interval(secs => $2) THEN 1 ELSE f.failures + 1 END,
      updated_at = now()
    RETURNING failures""";

  static final String LOCK_SUBJECT = """
    UPDATE auth.login_failures SET locked_until = now() + make_interval(secs => $2) WHERE subject = $1""";

  static final String CLEAR_FAILURES = "DELETE FROM auth.login_failures WHERE subject = $1";

  // --- sessions and tokens ----------------------------------------------------------------------

  static final String INSERT_FAMILY = "INSERT INTO auth.refresh_families (user_id) VALUES ($1) RETURNING id";

  static final String INSERT_REFRESH = """
    INSERT INTO auth.refresh_tokens (token_hash, family_id, expires_at)
    VALUES ($1, $2, now() + make_interval(days => $3))""";

  /** Uses a live refresh token exactly once; concurrent uses of the same token: only one gets a row. */
  static final String CONSUME_REFRESH = """
    UPDATE auth.refresh_tokens t SET used_at = now()
    FROM auth.refresh_families f
    WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
      AND f.id = t.family_id AND f.revoked_at IS NULL
    RETURNING t.family_id, f.user_id""";

  /** Why a refresh token was not consumed. */
  static final String REFRESH_STATE = """
    SELECT t.family_id, t.used_at, t.expires_at <= now() AS expired, f.revoked_at
    FROM auth.refresh_tokens t JOIN auth.refresh_families f ON f.id = t.family_id
    WHERE t.token_hash = $1""";

  static final String REVOKE_FAMILY = """
    UPDATE auth.refresh_families SET revoked_at = now(), revoked_reason = $2
    WHERE id = $1 AND revoked_at IS NULL""";

  static final String REVOKE_ACCESS_TOKEN = """
    INSERT INTO auth.revoked_tokens (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT DO NOTHING""";

  static final String IS_REVOKED = """
    SELECT EXISTS (SELECT 1 FROM auth.revoked_tokens WHERE jti = $1)
        OR EXISTS (SELECT 1 FROM auth.refresh_families WHERE id = $2 AND revoked_at IS NOT NULL) AS revoked""";

  /**
   * Revocations still relevant (an access token could still be alive), as Redis key suffixes with
   * their remaining lifetime; used to refill Redis after it restarts or misses a write.
   */
  static final String LIVE_REVOCATIONS = """
    SELECT jti::text AS key, ceil(extract(epoch FROM expires_at - now()))::int AS ttl
    FROM auth.revoked_tokens WHERE expires_at > now()
    UNION ALL
    SELECT 'sid:' || id::text, ceil(extract(epoch FROM revoked_at + make_interval(secs => $1) - now()))::int
    FROM auth.refresh_families WHERE revoked_at > now() - make_interval(secs => $1)""";

  static final String PURGE_EXPIRED = """
    WITH gone AS (DELETE FROM auth.revoked_tokens WHERE expires_at < now() - interval '1 day')
    DELETE FROM auth.refresh_tokens WHERE expires_at < now() - interval '1 day'""";

  // --- statistics -------------------------------------------------------------------------------

  /** Seed §3.9; "this month" is the calendar month in the academy's time zone ($1). */
  static final String USER_STATS = """
    SELECT count(*) FILTER (WHERE role = 'student')     AS total_students,
           count(*) FILTER (WHERE role = 'instructor')  AS total_teachers,
           count(*) FILTER (WHERE role = 'admin')       AS total_admins,
           count(*) FILTER (WHERE status = 'pending')   AS pending_approvals,
           count(*) FILTER (WHERE status = 'active')    AS active_users,
           count(*) FILTER (WHERE status = 'suspended') AS suspended_users,
           count(*) FILTER (WHERE role = 'student'
                              AND created_at >= date_trunc('month', now() AT TIME ZONE $1) AT TIME ZONE $1)
                                                        AS new_registrations_this_month
    FROM auth.users WHERE deleted_at IS NULL""";
}
