package verticles.auth;

/** Every statement of the auth verticle (schema {@code auth}). */
final class AuthSql {
  private AuthSql() {
  }

  static final String USER_BY_EMAIL = """
    SELECT id, email::text AS email, full_name, role::text AS role, status::text AS status, password_hash,
           type, nim, email_verified
    FROM auth.users WHERE email = $1 AND deleted_at IS NULL""";

  static final String USER_BY_ID = """
    SELECT id, email::text AS email, full_name, role::text AS role, status::text AS status, last_login_at,
           type, nim, email_verified
    FROM auth.users WHERE id = $1 AND deleted_at IS NULL""";

  static final String USERS_BY_IDS = """
    SELECT id, email::text AS email, full_name, role::text AS role, status::text AS status
    FROM auth.users WHERE id = ANY($1) AND deleted_at IS NULL""";

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

  /** The login failures counted against an account's address (not its callers' IPs). */
  static final String CLEAR_ACCOUNT_FAILURES = """
    DELETE FROM auth.login_failures WHERE subject = (SELECT 'email:' || email FROM auth.users WHERE id = $1)""";

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

  /** The login session of a refresh token, only when it is the caller's ($2): logout ends it too. */
  static final String FAMILY_OF_REFRESH = """
    SELECT t.family_id FROM auth.refresh_tokens t JOIN auth.refresh_families f ON f.id = t.family_id
    WHERE t.token_hash = $1 AND f.user_id = $2""";

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

  // --- user management --------------------------------------------------------------------------

  /** A user with both profiles; the JSON shows the one matching the current role. */
  private static final String USER_COLUMNS = """
    SELECT u.id, u.email::text AS email, u.full_name, u.phone_number, u.wa_number, u.address,
           u.role::text AS role, u.status::text AS status, u.email_verified, u.created_at, u.updated_at,
           u.last_login_at, u.type, u.nim, u.password_hash IS NOT NULL AS has_password,
           sp.user_id AS student_profile, sp.place_of_birth, sp.date_of_birth, sp.school_origin,
           sp.current_grade, sp.parent_name, sp.parent_phone_number,
           ip.user_id AS instructor_profile, ip.bio, ip.specialization
    FROM auth.users u
    LEFT JOIN auth.student_profiles sp ON sp.user_id = u.id
    LEFT JOIN auth.instructor_profiles ip ON ip.user_id = u.id
    """;

  static final String FULL_USER = USER_COLUMNS + " WHERE u.id = $1 AND u.deleted_at IS NULL";

  /**
   * One page of users: $1 role or null (every role), $2 status or null, $3 search pattern (ILIKE, escaped; name, email
   * or NIM) or null, $4 restrict to these ids or null, $5 limit, $6 offset, $7 type (UMUM, DIKE) or null. Always at
   * least one row carrying {@code total}; a page past the end is that row alone, with null user columns.
   */
  static final String LIST_USERS = "WITH matched AS (" + USER_COLUMNS + """
      WHERE u.deleted_at IS NULL AND ($1::auth.user_role IS NULL OR u.role = $1::auth.user_role)
        AND ($2::auth.user_status IS NULL OR u.status = $2::auth.user_status)
        AND ($3::text IS NULL OR u.full_name ILIKE $3 OR u.email::text ILIKE $3 OR u.nim ILIKE $3)
        AND ($4::uuid[] IS NULL OR u.id = ANY($4))
        AND ($7::text IS NULL OR u.type = $7))
    SELECT t.total, m.* FROM (SELECT count(*) AS total FROM matched) t
    LEFT JOIN LATERAL (SELECT * FROM matched ORDER BY full_name, id LIMIT $5 OFFSET $6) m ON true""";

  static final String UPDATE_CONTACT = """
    UPDATE auth.users SET
      full_name = coalesce($2, full_name), phone_number = coalesce($3, phone_number),
      wa_number = coalesce($4, wa_number), address = coalesce($5, address), updated_at = now()
    WHERE id = $1 AND deleted_at IS NULL""";

  static final String UPSERT_STUDENT_PROFILE = """
    INSERT INTO auth.student_profiles AS p (user_id, place_of_birth, date_of_birth, school_origin, current_grade,
                                           parent_name, parent_phone_number)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (user_id) DO UPDATE SET
      place_of_birth = coalesce($2, p.place_of_birth), date_of_birth = coalesce($3, p.date_of_birth),
      school_origin = coalesce($4, p.school_origin), current_grade = coalesce($5, p.current_grade),
      parent_name = coalesce($6, p.parent_name), parent_phone_number = coalesce($7, p.parent_phone_number),
      updated_at = now()""";

  static final String UPSERT_INSTRUCTOR_PROFILE = """
    INSERT INTO auth.instructor_profiles AS p (user_id, bio, specialization)
    VALUES ($1, $2, coalesce($3, '{}'::text[]))
    ON CONFLICT (user_id) DO UPDATE SET
      bio = coalesce($2, p.bio), specialization = coalesce($3, p.specialization), updated_at = now()""";

  static final String INSERT_USER = """
    INSERT INTO auth.users (email, full_name, phone_number, wa_number, address, role, status)
    VALUES ($1, $2, $3, $4, $5, $6::auth.user_role, $7::auth.user_status)
    ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id""";

  /** A one-time account token ($4 purpose: set_password, reset_password, verify_email) valid $3 hours. */
  static final String INSERT_TOKEN = """
    INSERT INTO auth.password_tokens (token_hash, user_id, expires_at, purpose)
    VALUES ($1, $2, now() + make_interval(hours => $3), $4) RETURNING expires_at""";

  /** Uses a live token of purpose $2 exactly once. */
  static final String CONSUME_TOKEN = """
    UPDATE auth.password_tokens SET used_at = now()
    WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
    RETURNING user_id""";

  /** The live account a usable token of purpose $2 belongs to. */
  static final String TOKEN_OWNER = """
    SELECT u.email::text AS email FROM auth.password_tokens t JOIN auth.users u ON u.id = t.user_id
    WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now() AND u.deleted_at IS NULL""";

  /** A password set with an emailed token: the address is proven, a pending account becomes active. */
  static final String SET_PASSWORD = """
    UPDATE auth.users SET password_hash = $2, updated_at = now(), email_verified = true,
      status = CASE WHEN status = 'pending' THEN 'active'::auth.user_status ELSE status END
    WHERE id = $1 AND deleted_at IS NULL""";

  /** Spends the user's other live tokens of purpose $2 (an older reset link stops working once one was used). */
  static final String VOID_TOKENS = """
    UPDATE auth.password_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL""";

  /** Serialises every change that could remove an admin, so two admins cannot demote each other at once. */
  static final String LOCK_ADMINS = "SELECT pg_advisory_xact_lock(hashtext('auth.admins'))";

  static final String USER_ROLE_FOR_UPDATE =
    "SELECT role::text AS role FROM auth.users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE";

  static final String SET_ROLE = "UPDATE auth.users SET role = $2::auth.user_role, updated_at = now() WHERE id = $1";

  static final String SOFT_DELETE = "UPDATE auth.users SET deleted_at = now(), updated_at = now() WHERE id = $1";

  /** Ends every login session of a user but $3 (null: all); returns the sessions for the Redis fast path. */
  static final String REVOKE_USER_SESSIONS = """
    UPDATE auth.refresh_families SET revoked_at = now(), revoked_reason = $2
    WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3) RETURNING id""";

  static final String USER_BY_EMAIL_FULL = USER_COLUMNS + " WHERE u.email = $1 AND u.deleted_at IS NULL";

  /** The live account of an email; {@code uninvited}: no password and no set-password link that still works. */
  static final String LIVE_USER_BY_EMAIL = """
    SELECT id, role::text AS role, full_name,
           password_hash IS NULL AND NOT EXISTS (SELECT 1 FROM auth.password_tokens t
                                                 WHERE t.user_id = u.id AND t.used_at IS NULL AND t.expires_at > now())
             AS uninvited,
           password_hash IS NOT NULL AND NOT email_verified AS unproven
    FROM auth.users u WHERE email = $1 AND deleted_at IS NULL""";

  /**
   * An account whose owner never proved the address loses its password (an approval or import is about to give it the
   * applicant's data; the mailbox's owner sets a new one from the invitation).
   */
  static final String DROP_UNPROVEN_PASSWORD = """
    UPDATE auth.users SET password_hash = NULL, updated_at = now() WHERE id = $1 AND NOT email_verified""";

  // --- student import (issue 16; see StudentImport) ---------------------------------------------

  /**
   * New DIKE students, pending until they set a password: $1 emails, $2 names, $3 NIMs (arrays of one length, the
   * file's valid rows). A row whose email or NIM a live account holds is left out (either unique index); → the
   * accounts created.
   */
  static final String INSERT_IMPORTED_STUDENTS = """
    INSERT INTO auth.users (email, full_name, role, status, type, nim)
    SELECT r.email, r.full_name, 'student'::auth.user_role, 'pending'::auth.user_status, 'DIKE', r.nim
    FROM unnest($1::text[], $2::text[], $3::text[]) AS r(email, full_name, nim)
    ON CONFLICT DO NOTHING
    RETURNING id, email::text AS email""";

  /**
   * The import's NIMs ($1) win over a claim nobody proved: a self-registered student that never verified its address
   * (anyone may type any NIM) and is not the row's own address ($2) loses the NIM and becomes UMUM.
   */
  static final String RELEASE_UNPROVEN_NIMS = """
    UPDATE auth.users SET type = 'UMUM', nim = NULL, updated_at = now()
    WHERE deleted_at IS NULL AND role = 'student' AND NOT email_verified AND password_hash IS NOT NULL
      AND nim = ANY($1::text[]) AND email <> ALL($2::text[]::citext[])""";

  /** The live accounts holding any of the emails ($1) or NIMs ($2). */
  static final String ACCOUNTS_BY_EMAIL_OR_NIM = """
    SELECT email::text AS email, nim, role::text AS role FROM auth.users
    WHERE deleted_at IS NULL AND (email = ANY($1::text[]::citext[]) OR nim = ANY($2::text[]))""";

  // --- student accounts (issue 16) ---------------------------------------------------------------

  /** Self-registration: an active student with a password; nothing when the email has a live account. */
  static final String INSERT_STUDENT_ACCOUNT = """
    INSERT INTO auth.users (email, password_hash, full_name, role, status, type, nim)
    VALUES ($1, $2, $3, 'student', 'active', $4, $5)
    ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id, email::text AS email, full_name, role::text AS role, status::text AS status, type, nim, email_verified""";

  /** The unique index a second live account with the same NIM violates. */
  static final String NIM_INDEX = "users_nim_live";

  static final String MARK_EMAIL_VERIFIED = """
    UPDATE auth.users SET email_verified = true, updated_at = now() WHERE id = $1 AND deleted_at IS NULL""";

  /**
   * Forgot password, in one statement whether or not the email ($1) has a live account: a reset token ($2 hash, valid
   * $3 hours) for that account, returning what its email needs; no row for an unknown email.
   */
  static final String ISSUE_RESET_TOKEN = """
    WITH account AS (SELECT id, email::text AS email, full_name FROM auth.users WHERE email = $1 AND deleted_at IS NULL),
    token AS (
      INSERT INTO auth.password_tokens (token_hash, user_id, expires_at, purpose)
      SELECT $2, id, now() + make_interval(hours => $3), 'reset_password' FROM account
      RETURNING user_id, expires_at)
    SELECT a.id, a.email, a.full_name, t.expires_at FROM token t JOIN account a ON a.id = t.user_id""";

  /** Stands in for the outbox insert when the email has no account, so both answers take the same round trips. */
  static final String NO_EMAIL = "SELECT NULL";

  static final String CHANGE_PASSWORD = """
    UPDATE auth.users SET password_hash = $2, updated_at = now() WHERE id = $1 AND deleted_at IS NULL""";

  /** An admin's type change: $2 UMUM with $3 null, or DIKE with the NIM. */
  static final String SET_TYPE = """
    UPDATE auth.users SET type = $2, nim = $3, updated_at = now() WHERE id = $1 AND deleted_at IS NULL""";
}
