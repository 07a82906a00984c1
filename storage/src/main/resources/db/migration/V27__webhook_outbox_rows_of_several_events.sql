-- A webhook outbox row may hold several events (docs/ARCHITECTURE.md, "Webhooks"): the events of one room that one
-- transaction appended — the message writer's batch commits many messages of a room at once — are one row instead
-- of a row each. A row per event cost the writer as much as the message itself: ingest with webhooks enabled fell to
-- 61 % (embedded) and 69 % (PostgreSQL) of the same run without, before a single request was sent; with a row per
-- room and batch, 94 % and 84 % (docs/BENCHMARKS.md, "Webhooks").
--
-- events: how many events the row holds. A row of one event is exactly what it was before (its id is the event's id,
--         its body the event's body), so rows written before this migration need nothing; a row of several has an
--         id of its own and its events, each with its id, type, time and body, in its body (JdbcWebhookOutbox).
-- sent:   how many of them the endpoint has accepted, in order; attempts and next_attempt_at are the next one's.
--         A dead event always becomes a row of its own, so dead rows (the admin API's) are single events.
ALTER TABLE webhook_outbox ADD COLUMN events integer NOT NULL DEFAULT 1;
ALTER TABLE webhook_outbox ADD COLUMN sent integer NOT NULL DEFAULT 0;
