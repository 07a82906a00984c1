-- Retention (PROTOCOL.md §2.7, OPERATIONS.md "Retention"): a room's own retention_days (null = the server's default
-- retention.default_days, which itself may be none), and purged_through_seq, the highest seq the purge has removed
-- (0 = nothing purged): a resume from below it learns of the hole (has_gap). Adding a column with a constant
-- default is a catalog change on PostgreSQL 11+ (no rewrite of rooms) and on H2.
ALTER TABLE rooms ADD COLUMN retention_days integer;
ALTER TABLE rooms ADD COLUMN purged_through_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD CONSTRAINT rooms_retention_days_check CHECK (retention_days IS NULL OR retention_days > 0);
