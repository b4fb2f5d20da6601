-- Review of issues 15/16: a bulk email (the invitations of a CSV import, thousands at mail.rate_per_minute) waits behind
-- every other email, so a password reset or a registration's confirmation is never queued behind an hour of them.
ALTER TABLE notify.messages ADD COLUMN bulk boolean NOT NULL DEFAULT false;
DROP INDEX notify.messages_due;
CREATE INDEX messages_due ON notify.messages (bulk, next_attempt_at) WHERE status IN ('queued', 'sending');
