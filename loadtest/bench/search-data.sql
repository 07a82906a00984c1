-- Fills a migrated community schema with the search benchmark's data (docs/BENCHMARKS.md, "Search and retention"):
-- 1,000 circles, :messages messages spread over them (default 5,000,000), words drawn from a 5,000-word vocabulary
-- with a skewed distribution (a few common words, a long tail), every tenth message mentioning the reader, and the
-- reader "reader" a member of every tenth room (100 rooms). The search_vector trigger fills the index column as
-- rows go in. Run with psql -v messages=N; each room's seqs are contiguous, as the writer would leave them.
\set ON_ERROR_STOP on
\if :{?messages}
\else
  \set messages 5000000
\endif

INSERT INTO users (id, username, joined_at, first_seen_at)
SELECT 'user' || i, 'user' || i, now() - interval '400 days', now() - interval '400 days'
FROM generate_series(1, 2000) i
UNION ALL SELECT 'reader', 'reader', now() - interval '400 days', now() - interval '400 days';

INSERT INTO rooms (id, name, slug, room_type, visibility, creator_id, created_at)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'bench room ' || i, 'bench-room-' || i,
       'circle', 'public', 'user1', now() - interval '400 days'
FROM generate_series(1, 1000) i;

INSERT INTO room_memberships (room_id, user_id, role, joined_at)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'reader', 'member', now() - interval '400 days'
FROM generate_series(10, 1000, 10) i;

-- message n: room 1 + n % 1000, seq n / 1000 + 1, created over the last 365 days in order; ids are time-ordered
-- UUIDs (48-bit millisecond prefix, as UUIDv7) so id order is time order as in production.
INSERT INTO messages (id, room_id, seq, author_id, content, mentions, created_at)
SELECT (lpad(to_hex(ts_ms), 12, '0') || '7000' || lpad(to_hex(n % 65536), 4, '0') || lpad(to_hex(n), 12, '0'))::uuid,
       ('00000000-0000-4000-8000-' || lpad(to_hex(1 + n % 1000), 12, '0'))::uuid,
       n / 1000 + 1,
       'user' || (1 + n % 2000),
       (SELECT string_agg('w' || floor(pow(random(), 3) * 5000)::int, ' ') FROM generate_series(1, 8 + (n % 7)) g
        WHERE g > 0 AND n >= 0),
       CASE WHEN n % 10 = 0 THEN '["reader"]' ELSE '[]' END,
       to_timestamp(ts_ms / 1000.0)
FROM (SELECT n, (extract(epoch FROM now() - interval '365 days') * 1000)::bigint
             + n * (365::bigint * 86400000 / :messages) AS ts_ms
      FROM generate_series(0, :messages - 1) n) s;

UPDATE rooms r SET last_seq = c.last_seq, message_count = c.cnt, last_message_at = c.last_at
FROM (SELECT room_id, max(seq) AS last_seq, count(*) AS cnt, max(created_at) AS last_at FROM messages GROUP BY room_id) c
WHERE r.id = c.room_id;

ANALYZE messages;
