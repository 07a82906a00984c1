package dev.community.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Finds the webhook outbox's due, unclaimed heads: each endpoint's and room's earliest pending row when it may be
 * sent now (due, and not held by a live lease), and every due, unclaimed row without a room (each a head of its
 * own), earliest first. A claim runs this on every round, so it must cost a few index probes per room however long
 * the backlog is; each store's shape is its dialect's ({@link SqlDialect#webhookHeads()}).
 */
interface WebhookHeads {

    /** The conditions that make a row of alias {@code o} claimable now; parameters: now, now. */
    String CLAIMABLE = "o.next_attempt_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until < ?)";

    /**
     * @param columns the columns to read, of alias {@code o}
     * @param limit at most this many heads, the earliest by position
     */
    <T> List<T> due(Connection c, String columns, List<String> endpoints, Instant now, int limit,
                    Jdbc.RowMapper<T> rows) throws SQLException;
}
