-- The webhook outbox's index of due rows (status, next_attempt_at, position) served the first claim, which took due
-- rows in position order. Claims now go by each room's head (webhook_outbox_heads) and never read rows in due order,
-- and the index only misled planners: without fresh statistics of a growing backlog, PostgreSQL and H2 both chose it
-- for a room's run or for the rows without a room, reading every due row of the backlog on every claim
-- (docs/BENCHMARKS.md, "Webhooks"). Dropping it also spares every outbox insert one index entry.
DROP INDEX IF EXISTS webhook_outbox_due;
