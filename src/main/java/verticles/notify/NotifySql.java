package verticles.notify;

/** The notify verticle's SQL (schema notify, migrations V13, V16 and V19). */
final class NotifySql {
  private NotifySql() {
  }

  // --- templates --------------------------------------------------------------------------------

  /** An admin's replacement of one template's parts in one language. */
  static final String TEMPLATE_OVERRIDE = """
    SELECT subject, html_content, text_content FROM notify.templates WHERE template_id = $1 AND language = $2""";

  /** Every replacement: template_id, language, subject. */
  static final String TEMPLATE_OVERRIDES = "SELECT template_id, language, subject FROM notify.templates";

  static final String SAVE_TEMPLATE = """
    INSERT INTO notify.templates (template_id, language, subject, html_content, text_content, updated_by)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (template_id, language) DO UPDATE SET subject = excluded.subject, html_content = excluded.html_content,
      text_content = excluded.text_content, updated_by = excluded.updated_by, updated_at = now()""";

  // --- the queue --------------------------------------------------------------------------------

  /**
   * Queues a message once per dedupe key, with the hash of the API request that asked for it ($8, or null); a repeated
   * key returns nothing (then {@link #MESSAGE_BY_KEY}).
   */
  static final String ENQUEUE = """
    INSERT INTO notify.messages (dedupe_key, template, language, to_address, subject, html_body, text_body, request_hash, bulk)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id""";

  static final String MESSAGE_BY_KEY = "SELECT id, request_hash FROM notify.messages WHERE dedupe_key = $1";

  /** The dedupe keys among $1 that have a message. */
  static final String QUEUED_KEYS = "SELECT dedupe_key FROM notify.messages WHERE dedupe_key = ANY($1)";

  /**
   * The claimers' lock, taken by its own statement at the start of the claim's transaction (held to commit): one
   * claimer at a time across the cluster. It must precede {@link #CLAIM} rather than be part of it, since a
   * statement's snapshot is taken when it starts — a claim that waited for the lock inside its own statement would
   * not see the attempts the previous holder just committed, and two nodes would each spend the whole rate.
   */
  static final String CLAIM_LOCK = "SELECT pg_advisory_xact_lock(hashtext('notify.claim'))";

  /**
   * Claims up to $1 due messages for node $3 (queued and due, or sending with an expired lease: its node died) and
   * leases them for $2 seconds, recording the attempt; run after {@link #CLAIM_LOCK}, so the attempts started in the
   * last minute across the cluster ($4 at most) and in the last second ($6 at most) bound the batch exactly. Attempts
   * start at the statement's time (after the lock), the instant the rate windows count from.
   * <p>The batch size is a plain {@code LIMIT $1} and the rates' allowance an outer limit: a limit computed from the
   * subquery hides from the planner that at most $1 rows come out, so it estimated a tenth of the queue and joined the
   * update by a sequential scan of every message (20–40 ms on an idle core with 44,000 queued, several times a second
   * while a backlog drains). The outer limit pulls rows lazily, so only the rows it passes on are locked.
   */
  static final String CLAIM = """
    WITH recent AS (SELECT count(*) AS n, count(*) FILTER (WHERE started_at > statement_timestamp() - interval '1 second') AS last_second
                    FROM notify.attempts WHERE started_at > statement_timestamp() - interval '1 minute'),
    due AS (
      SELECT id FROM (
        SELECT m.id FROM notify.messages m
        WHERE m.status IN ('queued', 'sending') AND m.next_attempt_at <= statement_timestamp() AND m.attempts < $5
        ORDER BY m.bulk, m.next_attempt_at
        LIMIT $1
        FOR UPDATE OF m SKIP LOCKED) batch
      LIMIT (SELECT greatest(0, least($4 - n, $6 - last_second)) FROM recent)),
    claimed AS (
      UPDATE notify.messages m SET status = 'sending', attempts = m.attempts + 1,
        next_attempt_at = statement_timestamp() + make_interval(secs => $2)
      FROM due WHERE m.id = due.id
      RETURNING m.id, m.attempts, m.to_address, m.subject, m.html_body, m.text_body),
    attempt AS (INSERT INTO notify.attempts (message_id, attempt, node, started_at)
                SELECT id, attempts, $3, statement_timestamp() FROM claimed)
    SELECT * FROM claimed""";

  /** Messages whose last allowed attempt's lease ran out (their node died mid-send): failed. */
  static final String GIVE_UP_ABANDONED = """
    UPDATE notify.messages SET status = 'failed', last_error = coalesce(last_error, 'no answer from the sending node'),
      html_body = '', text_body = ''
    WHERE status = 'sending' AND next_attempt_at <= now() AND attempts >= $1
    RETURNING id, attempts""";

  /**
   * Attempt $2 was accepted by the SMTP server: sent — also when it was recorded as failed because it outlasted its
   * timeout, as long as no later attempt began. The bodies are dropped once sent: they may carry one-time links and
   * access codes, and the log shows the subject.
   */
  static final String SENT = """
    WITH m AS (UPDATE notify.messages SET status = 'sent', sent_at = now(), last_error = NULL, html_body = '', text_body = ''
               WHERE id = $1 AND attempts = $2 AND status <> 'sent' RETURNING id)
    UPDATE notify.attempts SET finished_at = now(), outcome = 'sent', error = NULL WHERE message_id = $1 AND attempt = $2""";

  /** A failed attempt: queued again at $4 (seconds from now), or failed for good when $3 says so (bodies dropped). */
  static final String FAILED = """
    WITH m AS (UPDATE notify.messages SET last_error = $5,
                 status = CASE WHEN $3 THEN 'failed' ELSE 'queued' END,
                 html_body = CASE WHEN $3 THEN '' ELSE html_body END, text_body = CASE WHEN $3 THEN '' ELSE text_body END,
                 next_attempt_at = now() + make_interval(secs => $4)
               WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id)
    UPDATE notify.attempts SET finished_at = now(), outcome = 'failed', error = $5 WHERE message_id = $1 AND attempt = $2""";

  // --- the email log ----------------------------------------------------------------------------

  static final String STATUS = """
    SELECT id, status, template, to_address, attempts, sent_at, last_error FROM notify.messages WHERE id = $1""";

  /** Filters: $1 to (exact, case-insensitive), $2 template, $3 status; newest first; $4 limit, $5 offset. */
  static final String LIST = """
    SELECT id, to_address, template, subject, status, attempts, created_at, sent_at, count(*) OVER () AS total
    FROM notify.messages
    WHERE ($1::citext IS NULL OR to_address = $1) AND ($2::text IS NULL OR template = $2) AND ($3::text IS NULL OR status = $3)
    ORDER BY created_at DESC, id
    LIMIT $4 OFFSET $5""";

  static final String COUNT_FILTERED = """
    SELECT count(*) AS n FROM notify.messages
    WHERE ($1::citext IS NULL OR to_address = $1) AND ($2::text IS NULL OR template = $2) AND ($3::text IS NULL OR status = $3)""";

  static final String QUEUE_HEALTH = """
    SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')) AS queued, count(*) FILTER (WHERE status = 'failed') AS failed
    FROM notify.messages""";
}
