-- One schema per owning verticle (DESIGN.md §6); analytics holds read-only views over the others.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS catalog;
CREATE SCHEMA IF NOT EXISTS scheduling;
CREATE SCHEMA IF NOT EXISTS enrollment;
CREATE SCHEMA IF NOT EXISTS chat;
CREATE SCHEMA IF NOT EXISTS analytics;

CREATE TYPE auth.user_role AS ENUM ('admin', 'instructor', 'student');
CREATE TYPE auth.user_status AS ENUM ('active', 'suspended', 'pending');

CREATE TABLE auth.users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email          citext      NOT NULL,
  password_hash  text,                       -- null until the user sets a password
  full_name      text        NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  phone_number   text,
  wa_number      text,
  address        text,
  role           auth.user_role   NOT NULL,
  status         auth.user_status NOT NULL DEFAULT 'active',
  email_verified boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz,
  deleted_at     timestamptz
);
-- One live account per email (case-insensitive); a soft-deleted account frees its email.
CREATE UNIQUE INDEX users_email_live ON auth.users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_role ON auth.users (role) WHERE deleted_at IS NULL;

-- A login session: every refresh token of one login belongs to one family. Revoking the family
-- (logout, reuse of a rotated token) ends the session and denies its access tokens.
CREATE TABLE auth.refresh_families (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid        NOT NULL REFERENCES auth.users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  revoked_reason text
);
CREATE INDEX refresh_families_user ON auth.refresh_families (user_id);
CREATE INDEX refresh_families_revoked ON auth.refresh_families (revoked_at) WHERE revoked_at IS NOT NULL;

-- Refresh tokens are opaque random strings; only their SHA-256 is stored.
CREATE TABLE auth.refresh_tokens (
  token_hash  bytea PRIMARY KEY,
  family_id   uuid        NOT NULL REFERENCES auth.refresh_families (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX refresh_tokens_family ON auth.refresh_tokens (family_id);

-- Access tokens denied before their expiry (logout). Redis holds the fast copy.
CREATE TABLE auth.revoked_tokens (
  jti         uuid PRIMARY KEY,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expiry ON auth.revoked_tokens (expires_at);

-- Failed logins per subject ('email:<address>' or 'ip:<address>'), for lockout with growing back-off.
-- Kept in PostgreSQL so the protection holds whatever happens to Redis.
CREATE TABLE auth.login_failures (
  subject       text PRIMARY KEY,
  failures      integer     NOT NULL CHECK (failures > 0),
  locked_until  timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
