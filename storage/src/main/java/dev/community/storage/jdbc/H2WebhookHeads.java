package dev.community.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store's heads: a skip scan of the heads index done from Java, one probe per room (the next room's
 * earliest pending row: the first index entry after the previous room's key), then the heads' rows read by position.
 * H2 has no skip scan of its own, and what it offers instead is linear in the backlog: grouping every pending row
 * took about 0.4 s a claim at 200,000 pending rows, and the same skip scan as a recursive query 0.6–1.4 s, while a
 * probe reads a few index pages in the server's own process (docs/BENCHMARKS.md, "Webhooks"). Each statement names
 * its index: which one H2 picks otherwise changes with its statistics of the table ({@link #headsByPosition}).
 */
final class H2WebhookHeads implements WebhookHeads {
    /**
     * Ordered by every column of the heads index, the constant ones too: H2 reads an index in order (and stops at
     * the first row) only when the ORDER BY names the index's columns from its first; {@code ORDER BY ordering_key,
     * position} read and sorted the whole range instead, hundreds of milliseconds a probe under a backlog.
     */
    static final String NEXT_ROOM = "SELECT o.ordering_key, o.position FROM webhook_outbox o"
            + " USE INDEX (webhook_outbox_heads) WHERE o.status = 'pending' AND o.endpoint = ? AND o.ordering_key > ?"
            + " ORDER BY o.status, o.endpoint, o.ordering_key, o.position LIMIT 1";
    /** Room ids are UUIDs in text: every one sorts after the empty string. */
    private static final String BEFORE_EVERY_ROOM = "";

    private record Head(String orderingKey, long position) {
    }

    @Override
    public <T> List<T> due(Connection c, String columns, List<String> endpoints, Instant now, int limit,
                           Jdbc.RowMapper<T> rows) throws SQLException {
        List<Object> positions = new ArrayList<>();
        for (String endpoint : endpoints) {
            String after = BEFORE_EVERY_ROOM;
            while (true) {
                List<Head> next = Jdbc.list(c, NEXT_ROOM, row -> new Head(row.getString(1), row.getLong(2)),
                        endpoint, after);
                if (next.isEmpty()) {
                    break;
                }
                positions.add(next.get(0).position());
                after = next.get(0).orderingKey();
            }
        }
        List<Object> params = new ArrayList<>(positions);
        params.addAll(endpoints);
        params.add(now);
        params.add(now);
        params.add(limit);
        return Jdbc.list(c, headsByPosition(columns, positions.size(), endpoints.size()), rows, params.toArray());
    }

    /**
     * The claimable ones of the rooms' heads (by position) and of the rows without a room (each a head of its own).
     * Both indexes are named rather than left to H2: the claim's conditions reach both branches, and once H2 had
     * statistics of a backlog it chose the index of due rows for the rows without a room — reading every due row
     * of the backlog, hundreds of milliseconds a claim at 200,000 rows, while the writer waited for the store.
     * Parameters: the positions, the endpoints, now, now, the limit.
     */
    static String headsByPosition(String columns, int positions, int endpoints) {
        String roomHeads = positions == 0 ? ""
                : "SELECT x.* FROM webhook_outbox x USE INDEX (webhook_outbox_position) WHERE x.position IN ("
                + Jdbc.marks(positions) + ") UNION ALL ";
        return "SELECT " + columns + " FROM (" + roomHeads
                + "SELECT u.* FROM webhook_outbox u USE INDEX (webhook_outbox_heads) WHERE u.status = 'pending'"
                + " AND u.ordering_key IS NULL AND u.endpoint IN (" + Jdbc.marks(endpoints) + ")) o WHERE " + CLAIMABLE
                + " ORDER BY o.position LIMIT ?";
    }
}
