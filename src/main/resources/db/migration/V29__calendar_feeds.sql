-- Issue 20: calendar subscriptions by URL. One secret feed URL per user: its token is kept only as its SHA-256
-- (a stolen table opens no feed); asking for a URL again replaces the row in one upsert, so the old URL stops
-- answering at once. The feed's content follows the user's current role (auth's), not a role stored here.
CREATE TABLE scheduling.calendar_feeds (
  user_id    uuid        PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  token_hash bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
