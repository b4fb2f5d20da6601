-- Issue 13: every pass of the email queue's worker first gives up messages whose last allowed attempt's lease ran out
-- (NotifySql.GIVE_UP_ABANDONED: status 'sending', lease over). messages_due leads with bulk and holds every queued
-- message, so the planner scanned the whole table instead — 4 ms a pass with 8,000 queued, growing with the queue.
-- Only the messages being sent are in this one.
CREATE INDEX messages_sending ON notify.messages (next_attempt_at) WHERE status = 'sending';
