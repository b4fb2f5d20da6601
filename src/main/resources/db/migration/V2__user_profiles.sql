-- People (issue 3): profiles per role and one-time set-password tokens.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE auth.student_profiles (
  user_id             uuid PRIMARY KEY REFERENCES auth.users (id),
  place_of_birth      text,
  date_of_birth       date,
  school_origin       text,
  current_grade       text,
  parent_name         text,
  parent_phone_number text,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth.instructor_profiles (
  user_id        uuid PRIMARY KEY REFERENCES auth.users (id),
  bio            text,
  specialization text[] NOT NULL DEFAULT '{}',
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Set-password links for accounts created by an admin: single use, 72 h, only the SHA-256 is stored.
CREATE TABLE auth.password_tokens (
  token_hash  bytea PRIMARY KEY,
  user_id     uuid        NOT NULL REFERENCES auth.users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX password_tokens_user ON auth.password_tokens (user_id);

-- Case-insensitive partial search over name and email in the user lists.
CREATE INDEX users_name_trgm ON auth.users USING gin (full_name gin_trgm_ops);
CREATE INDEX users_email_trgm ON auth.users USING gin ((email::text) gin_trgm_ops);
