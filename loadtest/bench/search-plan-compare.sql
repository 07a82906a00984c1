-- Times, on a database filled by run-search.sh (KEEP_DB=1), the server's search statement for the reader (the scope
-- as `m.room_id IN (...)`, which PostgreSQL may answer with a bitmap of the scope's rooms from an index, ANDed with
-- the GIN index) against the same statement with the scope as a filter no index can serve
-- (`(m.room_id IN (...)) IS TRUE`), for the reader's 100
-- rooms, 10 of them and one room, over words from common (w0) to rare
-- (w4900). Each statement runs twice; the second time is kept (milliseconds, planning included, in the database
-- only: no server, no JSON). docs/BENCHMARKS.md, "What the search plans show", says why.
--   psql -h 127.0.0.1 -U postgres -d bench_search -f loadtest/bench/search-plan-compare.sql
\set ON_ERROR_STOP on
CREATE TEMP TABLE plan_compare (variant text, word int, ms numeric, found int);
DO $$
DECLARE
  rooms text := (SELECT string_agg(quote_literal(room_id::text) || '::uuid', ', ') FROM room_memberships
                 WHERE user_id = 'reader');
  one text := (SELECT quote_literal(min(room_id::text)) || '::uuid' FROM room_memberships WHERE user_id = 'reader');
  ten text := (SELECT string_agg(quote_literal(room_id::text) || '::uuid', ', ') FROM (SELECT room_id
               FROM room_memberships WHERE user_id = 'reader' ORDER BY room_id LIMIT 10) r);
  -- the statement of JdbcSearchRepository#search (newest first, no filters, limit 20 + 1)
  statement text := 'SELECT m.id, m.room_id, m.seq, m.thread_id, m.author_id,'
    || ' COALESCE(u.username, m.author_id) AS author_username, m.content, m.message_type, m.attachments,'
    || ' m.mentions, m.reply_to_id, m.reaction_counts, m.created_at, m.edited_at, m.is_deleted, m.is_hidden,'
    || ' EXISTS (SELECT 1 FROM message_pins mp WHERE mp.message_id = m.id) AS is_pinned'
    || ' FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE %s'
    || ' AND ((m.is_hidden = FALSE AND m.is_deleted = FALSE)) AND m.search_vector @@ to_tsquery(''simple'', %L)'
    || ' ORDER BY m.id DESC LIMIT 21';
  w int;
  v text;
  scope text;
  started timestamptz;
  found int;
BEGIN
  FOR pass IN 1..2 LOOP
    FOREACH w IN ARRAY ARRAY[0, 7, 40, 150, 199, 600, 700, 900, 1200, 2100, 2900, 3700, 4500, 4900] LOOP
      FOREACH v IN ARRAY ARRAY['in', 'filter', 'in, 10 rooms', 'filter, 10 rooms', 'in, 1 room', 'filter, 1 room'] LOOP
        scope := format(CASE WHEN v LIKE 'in%' THEN 'm.room_id IN (%s)' ELSE '(m.room_id IN (%s)) IS TRUE' END,
                        CASE WHEN v LIKE '%, 1 room' THEN one WHEN v LIKE '%10 rooms' THEN ten ELSE rooms END);
        started := clock_timestamp();
        EXECUTE format('SELECT count(*) FROM (' || statement || ') page', scope, '''w' || w || ''':*') INTO found;
        IF pass = 2 THEN
          INSERT INTO plan_compare
          VALUES (v, w, round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1), found);
        END IF;
      END LOOP;
    END LOOP;
  END LOOP;
END $$;
SELECT 'w' || word AS term,
       max(ms) FILTER (WHERE variant = 'in') AS "in (server) ms",
       max(ms) FILTER (WHERE variant = 'filter') AS "filter ms",
       max(ms) FILTER (WHERE variant = 'in, 10 rooms') AS "in, 10 rooms ms",
       max(ms) FILTER (WHERE variant = 'filter, 10 rooms') AS "filter, 10 rooms ms",
       max(ms) FILTER (WHERE variant = 'in, 1 room') AS "in, 1 room ms",
       max(ms) FILTER (WHERE variant = 'filter, 1 room') AS "filter, 1 room ms",
       max(found) FILTER (WHERE variant = 'in') AS "rows (of 21)"
FROM plan_compare GROUP BY word ORDER BY word;  -- by the number: common words first
