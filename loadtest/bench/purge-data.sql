-- Fills a migrated community schema for the purge benchmark (docs/BENCHMARKS.md, "Search and retention";
-- loadtest/bench/run-purge-ingest.sh): :expired messages created 365 to 60 days ago (expired under a retention of
-- 30 days) and :recent messages created 20 days to 1 hour ago (kept), spread round-robin over :rooms rooms: the
-- forums bench-01..bench-20 the ingest writes to (the server creates them when it migrates the database, so they
-- must exist already) and :rooms - 20 circles made here. In each room the expired messages come first (lowest seqs)
-- and seqs are contiguous, as the writer leaves them. Every tenth message has a reaction (the purge deletes a
-- message's reactions with it). The search_vector trigger fills the search column as rows go in.
-- bench_purge_fill records the boundary between expired and kept rows, for the checks after a run.
-- Run with psql -v expired=N -v recent=N -v rooms=N (defaults 1,000,000, 1,000,000, 1,000).
\set ON_ERROR_STOP on
\if :{?expired}
\else
  \set expired 1000000
\endif
\if :{?recent}
\else
  \set recent 1000000
\endif
\if :{?rooms}
\else
  \set rooms 1000
\endif

CREATE TABLE bench_purge_fill (filled_at timestamptz NOT NULL, boundary timestamptz NOT NULL, expired bigint NOT NULL,
                               recent bigint NOT NULL, rooms int NOT NULL);
INSERT INTO bench_purge_fill VALUES (now(), now() - interval '40 days', :expired, :recent, :rooms);

INSERT INTO users (id, username, joined_at, first_seen_at)
SELECT 'user' || i, 'user' || i, now() - interval '400 days', now() - interval '400 days'
FROM generate_series(1, 2000) i;

INSERT INTO rooms (id, name, slug, room_type, visibility, creator_id, created_at)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'purge room ' || i, 'purge-room-' || i,
       'circle', 'public', 'user1', now() - interval '400 days'
FROM generate_series(21, :rooms) i;

-- room number i (0-based) of the round-robin: the 20 bench forums first
CREATE TEMP TABLE bench_rooms AS
SELECT (row_number() OVER (ORDER BY slug) - 1)::int AS i, id FROM rooms WHERE slug ~ '^bench-[0-9]{2}$'
UNION ALL
SELECT i - 1, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid FROM generate_series(21, :rooms) i;
DO $$ BEGIN
  IF (SELECT count(*) FROM bench_rooms WHERE i < 20) <> 20 THEN
    RAISE EXCEPTION 'the forums bench-01..bench-20 are missing: start a server with them on this database first';
  END IF;
END $$;
CREATE UNIQUE INDEX ON bench_rooms (i);

-- message n: room n % rooms, seq n / rooms + 1; n < expired spread evenly over 365..60 days ago, the rest over
-- 20 days..1 hour ago; ids are time-ordered UUIDs (48-bit millisecond prefix, as UUIDv7) as in production
INSERT INTO messages (id, room_id, seq, author_id, content, reaction_counts, created_at)
SELECT (lpad(to_hex(ts_ms), 12, '0') || '7000' || lpad(to_hex(n % 65536), 4, '0') || lpad(to_hex(n), 12, '0'))::uuid,
       r.id, n / :rooms + 1, 'user' || (1 + n % 2000),
       (SELECT string_agg('w' || floor(pow(random(), 3) * 5000)::int, ' ') FROM generate_series(1, 8 + (n % 7)) g
        WHERE g > 0 AND n >= 0),
       CASE WHEN (n / :rooms + 1) % 10 = 0 THEN '{"thumbsup":1}' ELSE '{}' END,
       to_timestamp(ts_ms / 1000.0)
FROM (SELECT n,
             CASE WHEN n < :expired
               THEN (extract(epoch FROM f.filled_at - interval '365 days') * 1000)::bigint
                    + n * (305::bigint * 86400000 / greatest(:expired, 1))
               ELSE (extract(epoch FROM f.filled_at - interval '20 days') * 1000)::bigint
                    + (n - :expired) * ((20::bigint * 86400000 - 3600000) / greatest(:recent, 1))
             END AS ts_ms
      FROM generate_series(0, :expired + :recent - 1) n, bench_purge_fill f) s
JOIN bench_rooms r ON r.i = s.n % :rooms;

INSERT INTO message_reactions (message_id, user_id, emoji, created_at)
SELECT id, 'user' || (1 + seq % 2000), 'thumbsup', created_at FROM messages WHERE seq % 10 = 0;

UPDATE rooms r SET last_seq = c.last_seq, message_count = c.cnt, last_message_at = c.last_at
FROM (SELECT room_id, max(seq) AS last_seq, count(*) AS cnt, max(created_at) AS last_at FROM messages GROUP BY room_id) c
WHERE r.id = c.room_id;
