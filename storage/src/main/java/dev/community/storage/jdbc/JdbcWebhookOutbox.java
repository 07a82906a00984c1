package dev.community.storage.jdbc;

import dev.community.storage.WebhookOutbox;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox over JDBC. A claim is one short transaction (select the due heads with row locks, stamp the lease);
 * the request itself runs outside any transaction, and its outcome is one statement.
 *
 * <p>On PostgreSQL the select skips rows another node has locked ({@code FOR UPDATE SKIP LOCKED}); the embedded
 * store is one node by construction, so it locks plainly.
 */
public final class JdbcWebhookOutbox implements WebhookOutbox {
    private static final int MAX_ERROR_CHARS = 1000;
    private static final String INSERT = "INSERT INTO webhook_outbox (id, endpoint, event_type, ordering_key, body,"
            + " created_at, next_attempt_at, give_up_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELIVERY_COLUMNS = "id, endpoint, event_type, body, attempts, created_at, give_up_at";

    private final Jdbc jdbc;
    private final boolean skipLocked;

    public JdbcWebhookOutbox(Jdbc jdbc, boolean embedded) {
        this.jdbc = jdbc;
        this.skipLocked = !embedded;
    }

    @Override
    public void append(Connection c, List<Event> events, List<URI> endpoints, Duration horizon) throws SQLException {
        if (events.isEmpty() || endpoints.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Event event : events) {
                Instant giveUp = event.createdAt().plus(horizon);
                for (URI endpoint : endpoints) {
                    Jdbc.bind(insert, event.id(), endpoint.toString(), event.type(),
                            event.roomId() == null ? null : event.roomId().toString(), event.body(),
                            event.createdAt(), event.createdAt(), giveUp);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    @Override
    public List<Delivery> claim(List<URI> endpoints, int limit, String node, Duration lease, Instant now) {
        if (endpoints.isEmpty() || limit < 1) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(endpoints.size(), "?"));
        // The heads (each endpoint's and room's earliest pending row) are found first, one per room from the
        // ordering index, and only they are looked at: a backlog of many rows per room costs one index pass, not a
        // check of every row against every earlier one.
        String select = "SELECT " + DELIVERY_COLUMNS + " FROM webhook_outbox o"
                + " WHERE o.status = 'pending' AND o.next_attempt_at <= ?"
                + " AND (o.claimed_until IS NULL OR o.claimed_until < ?)"
                + " AND o.endpoint IN (" + marks + ")"
                + " AND (o.ordering_key IS NULL OR o.position IN (SELECT min(h.position) FROM webhook_outbox h"
                + " WHERE h.status = 'pending' AND h.ordering_key IS NOT NULL AND h.endpoint IN (" + marks + ")"
                + " GROUP BY h.endpoint, h.ordering_key))"
                + " ORDER BY o.position LIMIT ? FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : "");
        List<Object> params = new ArrayList<>();
        params.add(now);
        params.add(now);
        endpoints.forEach(e -> params.add(e.toString()));
        endpoints.forEach(e -> params.add(e.toString()));
        params.add(limit);
        return jdbc.inTransaction(c -> {
            // planned afresh each time: a plan cached while the table was empty is ruinous once a backlog builds up
            List<Delivery> due = Jdbc.listPlannedEachTime(c, select, JdbcWebhookOutbox::delivery, params.toArray());
            if (due.isEmpty()) {
                return due;
            }
            try (PreparedStatement stamp = c.prepareStatement("UPDATE webhook_outbox SET claimed_by = ?,"
                    + " claimed_until = ? WHERE id = ? AND endpoint = ?")) {
                for (Delivery d : due) {
                    Jdbc.bind(stamp, node, now.plus(lease), d.id(), d.endpoint().toString());
                    stamp.addBatch();
                }
                stamp.executeBatch();
            }
            return due;
        });
    }

    @Override
    public void delivered(Delivery d) {
        jdbc.update("DELETE FROM webhook_outbox WHERE id = ? AND endpoint = ?", d.id(), d.endpoint().toString());
    }

    @Override
    public void retry(Delivery d, Instant next, String error) {
        jdbc.update("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = NULL,"
                + " claimed_until = NULL, last_error = ? WHERE id = ? AND endpoint = ?", next, clip(error), d.id(),
                d.endpoint().toString());
    }

    @Override
    public void dead(Delivery d, String error) {
        jdbc.update("UPDATE webhook_outbox SET status = 'dead', attempts = attempts + 1, claimed_by = NULL,"
                + " claimed_until = NULL, last_error = ? WHERE id = ? AND endpoint = ?", clip(error), d.id(),
                d.endpoint().toString());
    }

    @Override
    public List<DeadDelivery> dead(int limit) {
        return jdbc.list("SELECT id, endpoint, event_type, body, attempts, created_at, last_error FROM webhook_outbox"
                + " WHERE status = 'dead' ORDER BY position LIMIT ?", row -> new DeadDelivery(
                        Jdbc.uuid(row, "id"), URI.create(row.getString("endpoint")), row.getString("event_type"),
                        row.getString("body"), row.getInt("attempts"), Jdbc.instant(row, "created_at"),
                        row.getString("last_error")), limit);
    }

    @Override
    public int replay(UUID id, Instant now, Duration horizon) {
        return jdbc.update(REPLAY + " AND id = ?", now, now.plus(horizon), id);
    }

    @Override
    public int replayAll(Instant now, Duration horizon) {
        return jdbc.update(REPLAY, now, now.plus(horizon));
    }

    private static final String REPLAY = "UPDATE webhook_outbox SET status = 'pending', attempts = 0,"
            + " ordering_key = NULL, next_attempt_at = ?, give_up_at = ?, last_error = NULL WHERE status = 'dead'";

    @Override
    public long pendingCount() {
        return jdbc.read(c -> Jdbc.count(c, "SELECT count(*) FROM webhook_outbox WHERE status = 'pending'"));
    }

    @Override
    public long deadCount() {
        return jdbc.read(c -> Jdbc.count(c, "SELECT count(*) FROM webhook_outbox WHERE status = 'dead'"));
    }

    private static Delivery delivery(ResultSet row) throws SQLException {
        return new Delivery(Jdbc.uuid(row, "id"), URI.create(row.getString("endpoint")), row.getString("event_type"),
                row.getString("body"), row.getInt("attempts"), Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "give_up_at"));
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }
}
