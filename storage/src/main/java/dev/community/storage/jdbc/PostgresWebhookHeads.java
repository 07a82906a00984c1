package dev.community.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's heads: the rooms with pending rows by a skip scan of the heads index written as a recursive query (a
 * step per room, each one index probe for the next endpoint and room), then each room's earliest row by one more
 * probe, all in one statement (on 50,000 pending rows in 20 rooms about 0.6 ms, against about 30 ms for grouping
 * every pending row: docs/BENCHMARKS.md, "Webhooks").
 */
final class PostgresWebhookHeads implements WebhookHeads {

    @Override
    public <T> List<T> due(Connection c, String columns, List<String> endpoints, Instant now, int limit,
                           Jdbc.RowMapper<T> rows) throws SQLException {
        String endpointMarks = Jdbc.marks(endpoints.size());
        String sql = "WITH RECURSIVE rooms(endpoint, ordering_key) AS ("
                + "(SELECT endpoint, ordering_key FROM webhook_outbox WHERE status = 'pending'"
                + " AND ordering_key IS NOT NULL ORDER BY endpoint, ordering_key LIMIT 1)"
                + " UNION ALL SELECT n.endpoint, n.ordering_key FROM rooms r CROSS JOIN LATERAL"
                + " (SELECT w.endpoint, w.ordering_key FROM webhook_outbox w WHERE w.status = 'pending'"
                + " AND w.ordering_key IS NOT NULL AND (w.endpoint, w.ordering_key) > (r.endpoint, r.ordering_key)"
                + " ORDER BY w.endpoint, w.ordering_key LIMIT 1) n)"
                + " SELECT " + columns + " FROM ("
                + "SELECT h.* FROM rooms r CROSS JOIN LATERAL (SELECT * FROM webhook_outbox x"
                + " WHERE x.status = 'pending' AND x.endpoint = r.endpoint AND x.ordering_key = r.ordering_key"
                + " ORDER BY x.position LIMIT 1) h WHERE r.endpoint IN (" + endpointMarks + ")"
                + " UNION ALL SELECT u.* FROM webhook_outbox u WHERE u.status = 'pending' AND u.ordering_key IS NULL"
                + " AND u.endpoint IN (" + endpointMarks + ")) o"
                + " WHERE " + CLAIMABLE + " ORDER BY o.position LIMIT ?";
        List<Object> params = new ArrayList<>(endpoints);
        params.addAll(endpoints);
        params.add(now);
        params.add(now);
        params.add(limit);
        // planned afresh each time: a plan cached while the table was empty is ruinous once a backlog builds up
        return Jdbc.listPlannedEachTime(PostgresDialect.INSTANCE, c, sql, rows, params.toArray());
    }
}
