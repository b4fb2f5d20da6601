-- The notify verticle (issue 15): email messages with their delivery attempts, and admins' template edits.
-- Messages reach this schema only through notify.internal.enqueue, from another verticle's committed outbox row
-- (or an admin/service call); dedupe_key makes that hand-over idempotent, so an outbox delivered twice is one email.
CREATE SCHEMA IF NOT EXISTS notify;

CREATE TABLE notify.templates (
  template_id  text        NOT NULL,
  language     text        NOT NULL CHECK (language IN ('id', 'en')),
  subject      text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  html_content text        NOT NULL,
  text_content text        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   uuid,
  PRIMARY KEY (template_id, language)
);

CREATE TABLE notify.messages (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  dedupe_key      text        NOT NULL UNIQUE,
  template        text        NOT NULL,
  language        text        NOT NULL CHECK (language IN ('id', 'en')),
  to_address      citext      NOT NULL,
  subject         text        NOT NULL,
  html_body       text        NOT NULL,
  text_body       text        NOT NULL,
  -- queued: waits for next_attempt_at; sending: claimed by a worker until next_attempt_at (its lease), then due
  -- again, so a node killed mid-send leaves the message to another; sent and failed are final
  status          text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  last_error      text,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX messages_due ON notify.messages (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX messages_newest ON notify.messages (created_at DESC, id);
CREATE INDEX messages_to ON notify.messages (to_address, created_at DESC);

CREATE TABLE notify.attempts (
  message_id  uuid        NOT NULL REFERENCES notify.messages (id) ON DELETE CASCADE,
  attempt     integer     NOT NULL CHECK (attempt >= 1),
  node        text        NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome     text        CHECK (outcome IN ('sent', 'failed')),
  error       text,
  PRIMARY KEY (message_id, attempt)
);
-- the cluster-wide send rate counts attempts of the last minute
CREATE INDEX attempts_recent ON notify.attempts (started_at);

-- auth's transactional outbox (same shape as enrollment's): the account-invitation email is written with the account
CREATE TABLE auth.outbox (
  id           bigserial PRIMARY KEY,
  event_type   text        NOT NULL,
  data         jsonb       NOT NULL,
  triggered_by text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON auth.outbox (id) WHERE published_at IS NULL;
