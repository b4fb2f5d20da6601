-- Live chat (chat verticle, seed §6, the course platform's chat, the customer-service data flow).

-- waiting: nobody on staff has it (the assistant may answer); active: claimed by a staff member;
-- closed: ended by staff or the visitor, read-only from then on.
CREATE TYPE chat.session_status AS ENUM ('waiting', 'active', 'closed');
CREATE TYPE chat.message_role AS ENUM ('user', 'assistant', 'system');

CREATE TABLE chat.sessions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- a signed-in visitor's account; null for guests
  user_id           uuid        REFERENCES auth.users (id) ON DELETE SET NULL,
  visitor_name      text        NOT NULL CHECK (length(btrim(visitor_name)) BETWEEN 1 AND 100),
  visitor_email     citext      NOT NULL CHECK (length(visitor_email) <= 254),
  topic             text        CHECK (topic IS NULL OR length(topic) <= 200),
  tags              text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
  resolved          boolean     NOT NULL DEFAULT false,
  status            chat.session_status NOT NULL DEFAULT 'waiting',
  -- the one staff member who owns the conversation
  assigned_to       uuid        REFERENCES auth.users (id) ON DELETE SET NULL,
  -- the owner's name when assigned (so the inbox needs no call to auth)
  assigned_name     text,
  assigned_at       timestamptz,
  -- "talk to a human": the assistant stays quiet, staff take over
  handoff           boolean     NOT NULL DEFAULT false,
  -- the office-hours notice is sent once per session
  offline_notified  boolean     NOT NULL DEFAULT false,
  created_ip        inet,
  started_at        timestamptz NOT NULL DEFAULT now(),
  last_message_at   timestamptz,
  -- the first visitor message, and the first staff answer after it (response-time statistics)
  first_user_message_at timestamptz,
  first_staff_reply_at  timestamptz,
  closed_at         timestamptz,
  close_reason      text        CHECK (close_reason IS NULL OR length(close_reason) <= 200),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

CREATE INDEX sessions_inbox ON chat.sessions (status, last_message_at DESC NULLS LAST);
CREATE INDEX sessions_user ON chat.sessions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX sessions_assigned ON chat.sessions (assigned_to) WHERE assigned_to IS NOT NULL;
CREATE INDEX sessions_started ON chat.sessions (started_at);
CREATE INDEX sessions_ip ON chat.sessions (created_ip, started_at);

CREATE TABLE chat.messages (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- total order within the database: the "before" cursor and history order
  seq               bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  session_id        uuid        NOT NULL REFERENCES chat.sessions (id) ON DELETE CASCADE,
  role              chat.message_role NOT NULL,
  content           text        NOT NULL CHECK (length(content) BETWEEN 1 AND 4000),
  -- the staff member who wrote an assistant message; null for the visitor, the bot and system notices
  sender_id         uuid        REFERENCES auth.users (id) ON DELETE SET NULL,
  sender_name       text,
  bot               boolean     NOT NULL DEFAULT false,
  -- the sender's own id for the message: a retried send stores it once
  client_message_id text        CHECK (client_message_id IS NULL OR length(client_message_id) <= 64),
  created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  read_at           timestamptz,
  CHECK (NOT bot OR role = 'assistant'),
  UNIQUE (session_id, client_message_id)
);

CREATE INDEX messages_session ON chat.messages (session_id, seq);
CREATE INDEX messages_created ON chat.messages (created_at);
-- the per-session rate limit counts the visitor's recent messages
CREATE INDEX messages_user_recent ON chat.messages (session_id, created_at) WHERE role = 'user';
