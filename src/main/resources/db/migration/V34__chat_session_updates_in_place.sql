-- Issue 13 (chat fan-out): every message touches its session row (last_message_at, first_user_message_at,
-- offline_notified). sessions_inbox indexed last_message_at, so each touch was a non-HOT update: a new entry in all
-- six indexes of chat.sessions and a lengthening chain of dead versions behind every look-up by id (a bench run of
-- 4,000 messages fetched 513,000 session tuples through the indexes). No query could use sessions_inbox anyway: the
-- inbox and the open count filter status <> 'closed' (not an indexable operator), the staff list orders by an
-- expression. It gives way to a partial index over the open conversations, which those two can use and which a
-- message's touch leaves alone, and pages keep room for the new version beside the old one: the touch becomes a
-- heap-only (HOT) update that writes no index.
DROP INDEX chat.sessions_inbox;
CREATE INDEX sessions_open ON chat.sessions (id) WHERE status <> 'closed';
ALTER TABLE chat.sessions SET (fillfactor = 70);
