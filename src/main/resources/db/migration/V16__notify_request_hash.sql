-- Issue 15: an email queued through the API under an Idempotency-Key keeps the hash of the request that queued it
-- (bus/RequestHash), so the same key with another request is refused (422 IDEMPOTENCY_KEY_REUSED) instead of being
-- answered with the message about something else. NULL for emails handed over by other verticles' outboxes: their
-- dedupe key is their own outbox row.
ALTER TABLE notify.messages ADD COLUMN request_hash text;
