package verticles.chat;

/** Every statement of the chat verticle (schema {@code chat}). */
final class ChatSql {
  private ChatSql() {
  }

  static final String PING = "SELECT 1";

  private static final String SESSION_COLUMNS = """
    s.id, s.user_id, s.visitor_name, s.visitor_email::text AS visitor_email, s.topic, s.tags, s.resolved,
    s.status::text AS status, s.assigned_to, s.assigned_name, s.assigned_at, s.handoff, s.started_at,
    s.last_message_at, s.closed_at, s.close_reason, s.language,
    (SELECT count(*) FROM chat.messages m WHERE m.session_id = s.id) AS message_count,
    (SELECT m.content FROM chat.messages m WHERE m.session_id = s.id ORDER BY m.seq DESC LIMIT 1) AS last_message""";

  /** Open conversations (waiting or active), most recent first, with their count (admin dashboard). */
  static final String OPEN_SESSIONS = "SELECT count(*) OVER () AS open_total, " + SESSION_COLUMNS
    + " FROM chat.sessions s WHERE s.status <> 'closed' ORDER BY s.last_message_at DESC NULLS LAST, s.id LIMIT $1";

  static final String SESSION_BY_ID = "SELECT " + SESSION_COLUMNS + " FROM chat.sessions s WHERE s.id = $1";

  /** Serialises session starts per client IP, so the hourly cap holds under parallel requests. */
  static final String LOCK_IP = "SELECT pg_advisory_xact_lock(hashtext('chat-ip:' || $1))";

  static final String SESSIONS_FROM_IP = """
    SELECT count(*) AS n,
           ceil(extract(epoch FROM min(started_at) + interval '1 hour' - now()))::int AS retry_after
    FROM chat.sessions
    WHERE created_ip = $1::text::inet AND started_at > now() - interval '1 hour'""";

  static final String INSERT_SESSION = """
    INSERT INTO chat.sessions (user_id, visitor_name, visitor_email, topic, created_ip, language)
    VALUES ($1, $2, $3, $4, $5::text::inet, $6)
    RETURNING id""";

  /** Filters of the staff listing: $1 user_id, $2 status, $3 assigned_to (all optional). */
  private static final String FILTERS = """
    FROM chat.sessions s
    WHERE ($1::uuid IS NULL OR s.user_id = $1)
      AND ($2::text IS NULL OR s.status = $2::chat.session_status)
      AND ($3::uuid IS NULL OR s.assigned_to = $3)""";

  /** Open conversations first, most recent activity first; $4 limit, $5 offset. */
  static final String LIST_SESSIONS = "SELECT " + SESSION_COLUMNS + "\n" + FILTERS + """

    ORDER BY s.status = 'closed', coalesce(s.last_message_at, s.started_at) DESC, s.id
    LIMIT $4 OFFSET $5""";

  static final String COUNT_SESSIONS = "SELECT count(*) AS total\n" + FILTERS;

  static final String SESSIONS_OF_USER = "SELECT " + SESSION_COLUMNS + """
     FROM chat.sessions s WHERE s.user_id = $1
    ORDER BY s.started_at DESC LIMIT 100""";

  /** The session row, locked for the rest of the transaction (one writer per conversation at a time). */
  static final String LOCK_SESSION = """
    SELECT id, user_id, status::text AS status, assigned_to, handoff, offline_notified, language
    FROM chat.sessions WHERE id = $1 FOR UPDATE""";

  private static final String MESSAGE_COLUMNS = """
    id, seq, session_id, role::text AS role, content, sender_id, sender_name, bot, client_message_id,
    created_at, read_at""";

  static final String MESSAGE_BY_CLIENT_ID = "SELECT " + MESSAGE_COLUMNS
    + " FROM chat.messages WHERE session_id = $1 AND client_message_id = $2";

  /**
   * The visitor's messages within the last minute, newest $2 of them: how many, and in how many seconds
   * the oldest of them leaves the window.
   */
  static final String RECENT_USER_MESSAGES = """
    SELECT count(*) AS n,
           ceil(extract(epoch FROM min(created_at) + interval '60 seconds' - clock_timestamp()))::int AS retry_after
    FROM (SELECT created_at FROM chat.messages
          WHERE session_id = $1 AND role = 'user' AND created_at > clock_timestamp() - interval '60 seconds'
          ORDER BY created_at DESC LIMIT $2) recent""";

  /**
   * A batch of messages in one statement and transaction (V30, the offline notice in both languages; arrays,
   * element i = one message): see PostBatches.
   */
  static final String POST_MESSAGES = "SELECT * FROM chat.post_messages($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

  static final String INSERT_MESSAGE = """
    INSERT INTO chat.messages (session_id, role, content, sender_id, sender_name, bot, client_message_id)
    VALUES ($1, $2::chat.message_role, $3, $4, $5, $6, $7)
    RETURNING\s""" + MESSAGE_COLUMNS;

  /**
   * After a message: activity time; the visitor's first message; the first staff answer after it; a staff
   * reply claims an unclaimed conversation ($3 role, $4 staff id or null, $5 staff name, $6 message time).
   */
  static final String TOUCH_SESSION = """
    UPDATE chat.sessions SET
      last_message_at = $6,
      first_user_message_at = CASE WHEN $3 = 'user' THEN coalesce(first_user_message_at, $6)
                                   ELSE first_user_message_at END,
      first_staff_reply_at = CASE WHEN $4::uuid IS NOT NULL AND first_user_message_at IS NOT NULL
                                  THEN coalesce(first_staff_reply_at, $6) ELSE first_staff_reply_at END,
      assigned_to = CASE WHEN $4::uuid IS NOT NULL THEN coalesce(assigned_to, $4::uuid) ELSE assigned_to END,
      assigned_name = CASE WHEN $4::uuid IS NOT NULL AND assigned_to IS NULL THEN $5 ELSE assigned_name END,
      assigned_at = CASE WHEN $4::uuid IS NOT NULL AND assigned_to IS NULL THEN $6 ELSE assigned_at END,
      status = CASE WHEN $4::uuid IS NOT NULL THEN 'active'::chat.session_status ELSE status END,
      offline_notified = offline_notified OR $2
    WHERE id = $1""";

  /** Has anyone answered (assistant or staff) or has the visitor written again since message $2 (its seq)? */
  static final String ANSWERED_SINCE = """
    SELECT EXISTS (SELECT 1 FROM chat.messages WHERE session_id = $1 AND seq > $2
                   AND role IN ('assistant', 'user')) AS answered""";

  /**
   * The visitor's latest messages (newest first), the assistant's question, each with the session's language (the
   * answer's default); no row when the visitor wrote nothing.
   */
  static final String LAST_USER_MESSAGES = """
    SELECT m.content, s.language FROM chat.messages m JOIN chat.sessions s ON s.id = m.session_id
    WHERE m.session_id = $1 AND m.role = 'user' ORDER BY m.seq DESC LIMIT 3""";

  /** History page: the newest $2 messages before seq $3 (null = from the end), plus one to tell has_more. */
  static final String MESSAGES_BEFORE = "SELECT " + MESSAGE_COLUMNS + """
     FROM chat.messages WHERE session_id = $1 AND ($3::bigint IS NULL OR seq < $3)
    ORDER BY seq DESC LIMIT $2""";

  static final String SEQ_OF = "SELECT seq FROM chat.messages WHERE session_id = $1 AND id = $2";

  /** Oldest first, with limit/offset (seed §6.3). */
  static final String MESSAGES_PAGE = "SELECT " + MESSAGE_COLUMNS
    + " FROM chat.messages WHERE session_id = $1 ORDER BY seq LIMIT $2 OFFSET $3";

  /**
   * Where a read receipt points: the message's seq, and whether any message of the other side ($3 = roles read)
   * up to it is still unread — when none is, the receipt moves nothing and writes nothing.
   */
  static final String READ_TARGET = """
    SELECT m.seq, EXISTS (SELECT 1 FROM chat.messages o
                          WHERE o.session_id = $1 AND o.seq <= m.seq AND o.read_at IS NULL
                            AND o.role::text = ANY($3::text[])) AS unread
    FROM chat.messages m WHERE m.session_id = $1 AND m.id = $2""";

  /** Read receipts: every message up to $2 (seq) written by the other side ($3 = roles read). */
  static final String MARK_READ = """
    UPDATE chat.messages SET read_at = clock_timestamp()
    WHERE session_id = $1 AND seq <= $2 AND read_at IS NULL AND role::text = ANY($3::text[])
    RETURNING id""";

  /** Metadata (seed §6.5): only what was sent changes ($2–$4 null = keep; $5 tells whether tags came). */
  static final String UPDATE_METADATA = """
    UPDATE chat.sessions SET
      topic = coalesce($2, topic),
      tags = CASE WHEN $5 THEN $3::text[] ELSE tags END,
      resolved = coalesce($4, resolved)
    WHERE id = $1
    RETURNING id""";

  /**
   * Claim or reassign ($2 the new owner, $3 their name): allowed while not closed and unowned or owned by
   * the same person — or always when $4 (an admin reassigning).
   */
  static final String ASSIGN = """
    UPDATE chat.sessions SET assigned_to = $2, assigned_name = $3, assigned_at = now(), status = 'active'
    WHERE id = $1 AND status <> 'closed' AND (assigned_to IS NULL OR assigned_to = $2 OR $4)
    RETURNING id""";

  /** "Talk to a human"; $2 = the offline notice goes with it (it is then not repeated). */
  static final String HANDOFF = """
    UPDATE chat.sessions SET handoff = true, offline_notified = offline_notified OR $2
    WHERE id = $1 AND status <> 'closed' AND NOT handoff RETURNING id""";

  static final String CLOSE = """
    UPDATE chat.sessions SET status = 'closed', closed_at = now(), close_reason = $2
    WHERE id = $1 AND status <> 'closed'
    RETURNING closed_at""";

  /** Seed §6.6. "Today" is the calendar day in the academy's time zone ($1). */
  static final String STATS = """
    WITH today AS (SELECT date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS start)
    SELECT
      (SELECT count(*) FROM chat.sessions WHERE status <> 'closed') AS active_sessions,
      (SELECT count(*) FROM chat.sessions, today WHERE started_at >= today.start) AS total_sessions_today,
      (SELECT count(*) FROM chat.messages, today WHERE created_at >= today.start) AS total_messages_today,
      (SELECT avg(extract(epoch FROM first_staff_reply_at - first_user_message_at)) / 60
         FROM chat.sessions, today
         WHERE first_staff_reply_at IS NOT NULL AND first_staff_reply_at >= today.start) AS average_response_time_minutes,
      (SELECT count(*) FROM chat.sessions, today WHERE closed_at >= today.start) AS sessions_closed_today""";
}
