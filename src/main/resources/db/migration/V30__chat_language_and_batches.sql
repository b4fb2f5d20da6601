-- Issue 20 (Bahasa Indonesia first): a chat session speaks a language, chosen by the request that created it
-- (chat.createSession: ?lang=, else Accept-Language; Indonesian by default). Every system notice of its transcript
-- (hand-off, office hours, "… joined", "… closed") and the default close reasons are written in it, and the
-- assistant answers in it unless the visitor plainly writes in the other language. Sessions from before stay
-- Indonesian (the default).
ALTER TABLE chat.sessions ADD COLUMN language text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'));

-- Issue 13 (chat fan-out): a batch of chat messages posted in one statement and one transaction (one round trip and
-- one WAL flush for however many messages arrived while the previous batch was on its way). Element i of the arrays
-- is one message; each is decided exactly as the one-message transaction decided it (session row locked, closed,
-- another staff member's conversation, a retried client_message_id, the visitor's per-minute limit, the
-- offline notice once), and one element's refusal never affects the others: it is an outcome, not an error.
--
-- p_exclusive[i]: the sender is an instructor (not an admin), who may not write in a conversation another staff
--   member has;
-- p_offline[i], p_offline_en[i]: the offline notice's Indonesian and English texts when this visitor message arrives
--   outside office hours (null: open, or staff; p_offline_en null: p_offline[i] is used); the function writes the one
--   of the session's language, read under the row lock it takes anyway — no extra round trip;
-- p_limit: the visitor's messages per minute (chat.messages_per_minute).
--
-- One row per element (kind 'message'; outcome ok | repeated | not_found | closed | assigned | rate_limited), plus
-- one row of kind 'notice' after an element that wrote the offline notice. status and handoff are the session's
-- before the message (whether the assistant should answer).
CREATE FUNCTION chat.post_messages(p_sessions uuid[], p_roles text[], p_contents text[], p_senders uuid[],
                                   p_sender_names text[], p_client_ids text[], p_exclusive boolean[],
                                   p_offline text[], p_offline_en text[], p_limit int)
  RETURNS TABLE (idx int, kind text, outcome text, retry_after int, assigned_to uuid, status text, handoff boolean,
                 id uuid, seq bigint, session_id uuid, role text, content text, sender_id uuid, sender_name text,
                 bot boolean, client_message_id text, created_at timestamptz, read_at timestamptz)
  LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  s record;
  m chat.messages%ROWTYPE;
  n bigint;
  retry int;
  notify boolean;
BEGIN
  -- every session of the batch locked at once, in one order: concurrent batches never deadlock
  PERFORM 1 FROM chat.sessions cs WHERE cs.id = ANY (p_sessions) ORDER BY cs.id FOR UPDATE;
  FOR i IN 1 .. coalesce(array_length(p_sessions, 1), 0) LOOP
    idx := i; kind := 'message'; retry_after := NULL; assigned_to := NULL; status := NULL; handoff := NULL;
    id := NULL; seq := NULL; session_id := NULL; role := NULL; content := NULL; sender_id := NULL; sender_name := NULL;
    bot := NULL; client_message_id := NULL; created_at := NULL; read_at := NULL;
    SELECT cs.status::text AS status, cs.assigned_to, cs.handoff, cs.offline_notified, cs.language INTO s
      FROM chat.sessions cs WHERE cs.id = p_sessions[i];
    IF NOT FOUND THEN
      outcome := 'not_found'; RETURN NEXT; CONTINUE;
    END IF;
    status := s.status; handoff := s.handoff;
    IF s.status = 'closed' THEN
      outcome := 'closed'; RETURN NEXT; CONTINUE;
    END IF;
    IF p_exclusive[i] AND s.assigned_to IS NOT NULL AND s.assigned_to <> p_senders[i] THEN
      outcome := 'assigned'; assigned_to := s.assigned_to; RETURN NEXT; CONTINUE;
    END IF;
    m := NULL;
    IF p_client_ids[i] IS NOT NULL THEN
      SELECT * INTO m FROM chat.messages cm WHERE cm.session_id = p_sessions[i] AND cm.client_message_id = p_client_ids[i];
    END IF;
    IF m.id IS NOT NULL THEN
      outcome := 'repeated';
    ELSE
      IF p_roles[i] = 'user' THEN
        SELECT count(*), ceil(extract(epoch FROM min(r.created_at) + interval '60 seconds' - clock_timestamp()))::int
          INTO n, retry
          FROM (SELECT cm.created_at FROM chat.messages cm
                WHERE cm.session_id = p_sessions[i] AND cm.role = 'user'
                  AND cm.created_at > clock_timestamp() - interval '60 seconds'
                ORDER BY cm.created_at DESC LIMIT p_limit) r;
        IF n >= p_limit THEN
          outcome := 'rate_limited'; retry_after := greatest(1, coalesce(retry, 60)); RETURN NEXT; CONTINUE;
        END IF;
      END IF;
      INSERT INTO chat.messages AS cm (session_id, role, content, sender_id, sender_name, client_message_id)
        VALUES (p_sessions[i], p_roles[i]::chat.message_role, p_contents[i], p_senders[i], p_sender_names[i], p_client_ids[i])
        RETURNING * INTO m;
      notify := p_roles[i] = 'user' AND p_offline[i] IS NOT NULL AND NOT s.offline_notified;
      -- as ChatSql.TOUCH_SESSION
      UPDATE chat.sessions cs SET
        last_message_at = m.created_at,
        first_user_message_at = CASE WHEN p_roles[i] = 'user' THEN coalesce(cs.first_user_message_at, m.created_at)
                                     ELSE cs.first_user_message_at END,
        first_staff_reply_at = CASE WHEN p_senders[i] IS NOT NULL AND cs.first_user_message_at IS NOT NULL
                                    THEN coalesce(cs.first_staff_reply_at, m.created_at) ELSE cs.first_staff_reply_at END,
        assigned_to = CASE WHEN p_senders[i] IS NOT NULL THEN coalesce(cs.assigned_to, p_senders[i]) ELSE cs.assigned_to END,
        assigned_name = CASE WHEN p_senders[i] IS NOT NULL AND cs.assigned_to IS NULL THEN p_sender_names[i] ELSE cs.assigned_name END,
        assigned_at = CASE WHEN p_senders[i] IS NOT NULL AND cs.assigned_to IS NULL THEN m.created_at ELSE cs.assigned_at END,
        status = CASE WHEN p_senders[i] IS NOT NULL THEN 'active'::chat.session_status ELSE cs.status END,
        offline_notified = cs.offline_notified OR notify
      WHERE cs.id = p_sessions[i];
      outcome := 'ok';
    END IF;
    id := m.id; seq := m.seq; session_id := m.session_id; role := m.role::text; content := m.content;
    sender_id := m.sender_id; sender_name := m.sender_name; bot := m.bot; client_message_id := m.client_message_id;
    created_at := m.created_at; read_at := m.read_at;
    RETURN NEXT;
    IF outcome = 'ok' AND notify THEN
      INSERT INTO chat.messages AS cm (session_id, role, content) VALUES (p_sessions[i], 'system',
                CASE WHEN s.language = 'en' THEN coalesce(p_offline_en[i], p_offline[i]) ELSE p_offline[i] END)
        RETURNING * INTO m;
      kind := 'notice';
      id := m.id; seq := m.seq; session_id := m.session_id; role := m.role::text; content := m.content;
      sender_id := NULL; sender_name := NULL; bot := false; client_message_id := NULL;
      created_at := m.created_at; read_at := NULL;
      RETURN NEXT;
    END IF;
  END LOOP;
END
$$;
