-- A sent message's later statuses (delivered, read) rewrite its row in place. Each message is updated four
-- times (claimed, sent, delivered, read); none of those updates was HOT, because `status` sat in the predicates
-- of the claim and unsettled indexes and `updated_at` was a key of the second, so every status webhook added an
-- entry to all ten of the table's indexes. The queue's two indexes now read generated columns that are NULL once
-- a message left the queue: a delivered or read status changes no indexed value, and PostgreSQL keeps the new
-- version on the same page without touching any index (fillfactor leaves that page the room to do so).
-- Adding stored generated columns rewrites the table once, under an exclusive lock.

ALTER TABLE outbound_messages
    ADD COLUMN queue_state text
        GENERATED ALWAYS AS (CASE WHEN status IN ('queued', 'sending', 'uncertain') THEN status END) STORED,
    ADD COLUMN unsettled_since timestamptz
        GENERATED ALWAYS AS (CASE WHEN status IN ('sending', 'uncertain') THEN updated_at END) STORED;
ALTER TABLE outbound_messages SET (fillfactor = 85);

-- The send loop's claim: a run's queued messages whose time has come.
DROP INDEX outbound_messages_claim;
CREATE INDEX outbound_messages_claim ON outbound_messages (tenant_id, run_id, next_attempt_at) WHERE queue_state = 'queued';
-- Crash recovery and reconciliation: messages left sending or uncertain, by number, oldest first.
DROP INDEX outbound_messages_unsettled;
CREATE INDEX outbound_messages_unsettled ON outbound_messages (tenant_id, number_id, unsettled_since) WHERE unsettled_since IS NOT NULL;
