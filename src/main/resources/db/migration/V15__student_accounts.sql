-- Student accounts (issue 16, seed 003 §1): the OTI Academy's account type and student number, and one table for
-- every one-time account token.

-- UMUM (general public) or DIKE (a university student, identified by a NIM such as 24/000000/PA/000000). Every account
-- has a type (the seed shows admins as UMUM); only a DIKE account has a NIM, unique among live accounts.
ALTER TABLE auth.users
  ADD COLUMN type text NOT NULL DEFAULT 'UMUM' CHECK (type IN ('UMUM', 'DIKE')),
  ADD COLUMN nim  text CHECK (nim ~ '^[0-9]{2}/[0-9]{6}/[A-Z]{2}/[0-9]{5,6}$'),
  ADD CONSTRAINT users_nim_iff_dike CHECK ((type = 'DIKE') = (nim IS NOT NULL));
CREATE UNIQUE INDEX users_nim_live ON auth.users (nim) WHERE deleted_at IS NULL;
-- the admin's user list searches names, emails and NIMs by substring
CREATE INDEX users_nim_trgm ON auth.users USING gin (nim gin_trgm_ops);

-- One-time tokens by purpose: the set-password link of an invitation (V2, 72 h), a password reset (1 h) and an email
-- verification (48 h). A token is spent only for its own purpose.
ALTER TABLE auth.password_tokens
  ADD COLUMN purpose text NOT NULL DEFAULT 'set_password'
    CHECK (purpose IN ('set_password', 'reset_password', 'verify_email'));
