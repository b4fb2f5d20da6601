-- Issue 13 (chat fan-out): chat.post_messages (V30) decided and wrote a batch one message at a time — per message a
-- session read, a retry look-up, a rate count, an INSERT and an UPDATE of its session, each an executor start of its
-- own; the INSERT and the UPDATE were three quarters of the function's time. Same signature, same outcomes; now:
--
--   1. one statement locks the batch's sessions (in id order: concurrent batches never deadlock) and reads their
--      state;
--   2. once the locks are held (a statement's snapshot is older than the lock it waited for, so what a batch
--      before it committed meanwhile is seen only by the next statement), one statement counts each session's
--      visitor messages of the last minute (at most p_limit), and one finds each element's client_message_id if
--      already stored and the previous element of the batch with the same session and client_message_id;
--   3. a loop decides each element in order against that state, as the batch changes it (an earlier message of
--      the same session counts towards the rate limit, a staff reply claims the conversation for the next, the
--      offline notice goes out once, a client_message_id repeated within the batch returns the first's message);
--      ids and times are taken here (gen_random_uuid(), clock_timestamp()), so the writes need nothing back;
--   4. one INSERT of every accepted message and notice, in the batch's order (seq follows it, created_at never goes
--      back), one UPDATE of the changed sessions, and the answer joined from what was inserted and what was found
--      stored, in V30's order (element by element, a notice after its message).
--
-- Outcomes, columns and rows are V30's (see there); the notice still follows its message and leaves the session's
-- last_message_at at the message's time.
CREATE OR REPLACE FUNCTION chat.post_messages(p_sessions uuid[], p_roles text[], p_contents text[], p_senders uuid[],
                                              p_sender_names text[], p_client_ids text[], p_exclusive boolean[],
                                              p_offline text[], p_offline_en text[], p_limit int)
  RETURNS TABLE (idx int, kind text, outcome text, retry_after int, assigned_to uuid, status text, handoff boolean,
                 id uuid, seq bigint, session_id uuid, role text, content text, sender_id uuid, sender_name text,
                 bot boolean, client_message_id text, created_at timestamptz, read_at timestamptz)
  LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  n int := coalesce(array_length(p_sessions, 1), 0);
  -- the batch's sessions (index k), as the batch changes them
  s_id uuid[]; s_status text[]; s_handoff boolean[]; s_notified boolean[]; s_language text[];
  s_assigned uuid[]; s_assigned_name text[]; s_assigned_at timestamptz[];
  s_first_user timestamptz[]; s_first_reply timestamptz[]; s_last timestamptz[];
  s_recent int[];   -- the visitor's messages stored in the last minute, at most p_limit
  s_added int[];    -- the visitor's messages this batch accepted
  s_changed boolean[];
  -- per element (index i)
  e_stored uuid[];  -- the stored message with this client_message_id
  e_prev int[];     -- the previous element with the same session and client_message_id
  e_key uuid[];     -- the message that now holds this element's client_message_id (ok or repeated), else null
  o_outcome text[] := array_fill(NULL::text, ARRAY[n]);
  o_retry int[] := array_fill(NULL::int, ARRAY[n]);
  o_assigned uuid[] := array_fill(NULL::uuid, ARRAY[n]);
  o_status text[] := array_fill(NULL::text, ARRAY[n]);
  o_handoff boolean[] := array_fill(NULL::boolean, ARRAY[n]);
  o_message uuid[] := array_fill(NULL::uuid, ARRAY[n]);
  o_notice uuid[] := array_fill(NULL::uuid, ARRAY[n]);
  -- the rows to insert, in order
  w_id uuid[] := '{}'; w_session uuid[] := '{}'; w_role text[] := '{}'; w_content text[] := '{}';
  w_sender uuid[] := '{}'; w_name text[] := '{}'; w_client text[] := '{}'; w_at timestamptz[] := '{}';
  -- the rate limit's minute from when the locks are held, as a value: an index bound (clock_timestamp() is not)
  since timestamptz;
  k int; t timestamptz; oldest timestamptz; nth int;
BEGIN
  SELECT array_agg(l.id), array_agg(l.status), array_agg(l.handoff), array_agg(l.offline_notified),
         array_agg(l.language), array_agg(l.assigned_to), array_agg(l.assigned_name), array_agg(l.assigned_at),
         array_agg(l.first_user_message_at), array_agg(l.first_staff_reply_at), array_agg(l.last_message_at)
    INTO s_id, s_status, s_handoff, s_notified, s_language, s_assigned, s_assigned_name, s_assigned_at,
         s_first_user, s_first_reply, s_last
    FROM (SELECT cs.id, cs.status::text AS status, cs.handoff, cs.offline_notified, cs.language, cs.assigned_to,
                 cs.assigned_name, cs.assigned_at, cs.first_user_message_at, cs.first_staff_reply_at, cs.last_message_at
          FROM chat.sessions cs WHERE cs.id = ANY (p_sessions) ORDER BY cs.id FOR UPDATE) l;
  since := clock_timestamp() - interval '60 seconds';
  SELECT array_agg(CASE WHEN u.sid = ANY (SELECT v.sid FROM unnest(p_sessions, p_roles) v(sid, r) WHERE v.r = 'user')
                        THEN (SELECT count(*) FROM (SELECT 1 FROM chat.messages cm
                                                    WHERE cm.session_id = u.sid AND cm.role = 'user'
                                                      AND cm.created_at > since
                                                    LIMIT p_limit) r)::int
                        ELSE 0 END ORDER BY u.k)
    INTO s_recent
    FROM unnest(s_id) WITH ORDINALITY u(sid, k);
  s_added := array_fill(0, ARRAY[coalesce(cardinality(s_id), 0)]);
  s_changed := array_fill(false, ARRAY[coalesce(cardinality(s_id), 0)]);

  SELECT array_agg(x.stored ORDER BY x.i), array_agg(x.prev ORDER BY x.i) INTO e_stored, e_prev
    FROM (SELECT u.i,
                 (SELECT cm.id FROM chat.messages cm WHERE cm.session_id = u.sid AND cm.client_message_id = u.cid) AS stored,
                 CASE WHEN u.cid IS NOT NULL THEN lag(u.i) OVER (PARTITION BY u.sid, u.cid ORDER BY u.i) END::int AS prev
          FROM unnest(p_sessions, p_client_ids) WITH ORDINALITY u(sid, cid, i)) x;
  e_key := array_fill(NULL::uuid, ARRAY[n]);

  FOR i IN 1 .. n LOOP
    k := array_position(s_id, p_sessions[i]);
    IF k IS NULL THEN
      o_outcome[i] := 'not_found'; CONTINUE;
    END IF;
    o_status[i] := s_status[k]; o_handoff[i] := s_handoff[k];
    IF s_status[k] = 'closed' THEN
      o_outcome[i] := 'closed'; e_key[i] := e_key[e_prev[i]]; CONTINUE;
    END IF;
    IF p_exclusive[i] AND s_assigned[k] IS NOT NULL AND s_assigned[k] <> p_senders[i] THEN
      o_outcome[i] := 'assigned'; o_assigned[i] := s_assigned[k]; e_key[i] := e_key[e_prev[i]]; CONTINUE;
    END IF;
    e_key[i] := coalesce(e_stored[i], e_key[e_prev[i]]);
    IF e_key[i] IS NOT NULL THEN
      o_outcome[i] := 'repeated'; o_message[i] := e_key[i]; CONTINUE;
    END IF;
    IF p_roles[i] = 'user' AND s_recent[k] + s_added[k] >= p_limit THEN
      -- retry when the oldest of the last p_limit messages (stored, then this batch's) leaves the minute
      oldest := NULL;
      IF s_added[k] < p_limit THEN
        SELECT cm.created_at INTO oldest FROM chat.messages cm
          WHERE cm.session_id = p_sessions[i] AND cm.role = 'user'
            AND cm.created_at > since
          ORDER BY cm.created_at DESC OFFSET p_limit - s_added[k] - 1 LIMIT 1;
      ELSE
        nth := s_added[k] - p_limit + 1;
        FOR j IN 1 .. cardinality(w_id) LOOP
          IF w_session[j] = p_sessions[i] AND w_role[j] = 'user' THEN
            nth := nth - 1;
            IF nth = 0 THEN oldest := w_at[j]; EXIT; END IF;
          END IF;
        END LOOP;
      END IF;
      o_outcome[i] := 'rate_limited';
      o_retry[i] := greatest(1, coalesce(ceil(extract(epoch FROM oldest + interval '60 seconds' - clock_timestamp()))::int, 60));
      CONTINUE;
    END IF;

    t := clock_timestamp();
    e_key[i] := gen_random_uuid();
    o_outcome[i] := 'ok'; o_message[i] := e_key[i];
    w_id := w_id || e_key[i]; w_session := w_session || p_sessions[i]; w_role := w_role || p_roles[i];
    w_content := w_content || p_contents[i]; w_sender := w_sender || p_senders[i];
    w_name := w_name || p_sender_names[i]; w_client := w_client || p_client_ids[i]; w_at := w_at || t;
    -- the session as ChatSql.TOUCH_SESSION leaves it (each value from the row before this message)
    s_changed[k] := true; s_last[k] := t;
    IF p_senders[i] IS NOT NULL THEN
      IF s_first_user[k] IS NOT NULL THEN s_first_reply[k] := coalesce(s_first_reply[k], t); END IF;
      IF s_assigned[k] IS NULL THEN
        s_assigned[k] := p_senders[i]; s_assigned_name[k] := p_sender_names[i]; s_assigned_at[k] := t;
      END IF;
      s_status[k] := 'active';
    END IF;
    IF p_roles[i] = 'user' THEN
      s_added[k] := s_added[k] + 1;
      s_first_user[k] := coalesce(s_first_user[k], t);
    END IF;
    IF p_roles[i] = 'user' AND p_offline[i] IS NOT NULL AND NOT s_notified[k] THEN
      s_notified[k] := true;
      o_notice[i] := gen_random_uuid();
      w_id := w_id || o_notice[i]; w_session := w_session || p_sessions[i]; w_role := w_role || 'system'::text;
      w_content := w_content || CASE WHEN s_language[k] = 'en' THEN coalesce(p_offline_en[i], p_offline[i])
                                     ELSE p_offline[i] END;
      w_sender := w_sender || NULL::uuid; w_name := w_name || NULL::text; w_client := w_client || NULL::text;
      w_at := w_at || clock_timestamp();
    END IF;
  END LOOP;

  UPDATE chat.sessions cs SET
    last_message_at = u.last, first_user_message_at = u.first_user, first_staff_reply_at = u.first_reply,
    assigned_to = u.assigned, assigned_name = u.assigned_name, assigned_at = u.assigned_at,
    status = u.status::chat.session_status, offline_notified = u.notified
  FROM unnest(s_id, s_changed, s_last, s_first_user, s_first_reply, s_assigned, s_assigned_name, s_assigned_at,
              s_status, s_notified)
       u(id, changed, last, first_user, first_reply, assigned, assigned_name, assigned_at, status, notified)
  WHERE cs.id = u.id AND u.changed;

  RETURN QUERY
    WITH ins AS (
      INSERT INTO chat.messages AS cm (id, session_id, role, content, sender_id, sender_name, client_message_id,
                                       created_at)
      SELECT w.id, w.sid, w.role::chat.message_role, w.content, w.sender, w.name, w.client, w.stamp
        FROM unnest(w_id, w_session, w_role, w_content, w_sender, w_name, w_client, w_at)
             WITH ORDINALITY w(id, sid, role, content, sender, name, client, stamp, ord)
        ORDER BY w.ord
      RETURNING cm.*),
    msg AS (
      SELECT * FROM ins
      UNION ALL
      SELECT * FROM chat.messages cm WHERE cm.id = ANY (e_stored))
    SELECT o.i::int, 'message'::text, o.outcome, o.retry, o.assigned, o.status, o.handoff, m.id, m.seq, m.session_id,
           m.role::text, m.content, m.sender_id, m.sender_name, m.bot, m.client_message_id, m.created_at, m.read_at
      FROM unnest(o_outcome, o_retry, o_assigned, o_status, o_handoff, o_message)
           WITH ORDINALITY o(outcome, retry, assigned, status, handoff, message, i)
      LEFT JOIN msg m ON m.id = o.message
    UNION ALL
    SELECT o.i::int, 'notice'::text, 'ok'::text, NULL::int, NULL::uuid, o.status, o.handoff, m.id, m.seq,
           m.session_id, m.role::text, m.content, m.sender_id, m.sender_name, m.bot, m.client_message_id,
           m.created_at, m.read_at
      FROM unnest(o_notice, o_status, o_handoff) WITH ORDINALITY o(notice, status, handoff, i)
      JOIN msg m ON m.id = o.notice
    ORDER BY 1, 2;
END
$$;
