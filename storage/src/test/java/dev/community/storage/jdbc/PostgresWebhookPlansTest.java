package dev.community.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.config.ServerConfig;
import dev.community.storage.PostgresTestDatabase;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * PostgreSQL's claim reads only the index ranges it needs on a backlog it has no statistics of — a table that grew
 * since its last ANALYZE, or never analysed (autovacuum off, as on this project's CI machine): a room's run and its
 * lock are ranges of the heads index with every condition in the index, a row without a room is locked by its key.
 * Locked by the run's ids instead, PostgreSQL scanned the endpoint's whole backlog for them (a quarter of a second
 * a claim at 260,000 pending rows: docs/BENCHMARKS.md, "Webhooks").
 */
@EnabledIf(value = "dev.community.storage.PostgresTestDatabase#reachableOrRequired",
        disabledReason = "PostgreSQL (TEST_DB_URL) is not reachable")
class PostgresWebhookPlansTest {
    private static final String ENDPOINT = "http://127.0.0.1:1/hook";

    @Test
    void aClaimReadsAndLocksOnlyTheIndexRangesItNeeds() throws SQLException {
        PostgresTestDatabase database = new PostgresTestDatabase().create();
        try (Storage storage = database.openStorage(new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 20_000),
                new SimpleMeterRegistry());
             Connection c = storage.dataSource().getConnection()) {
            WebhookBacklog.append(storage, c, ENDPOINT, 5_000); // never analysed
            Instant now = Instant.now();

            assertThat(plan(c, JdbcWebhookOutbox.RUN, ENDPOINT, "room", 1L, 100))
                    .contains("Index Scan using webhook_outbox_heads").contains("ordering_key)::text = 'room'")
                    .contains("\"position\" >= '1'");
            assertThat(plan(c, JdbcWebhookOutbox.LOCK_RUN + " FOR UPDATE SKIP LOCKED", ENDPOINT, "room", 1L, 100L,
                    now, now))
                    .contains("Index Scan using webhook_outbox_heads").contains("ordering_key)::text = 'room'")
                    .contains("\"position\" >= '1'").contains("\"position\" <= '100'");
            assertThat(plan(c, JdbcWebhookOutbox.LOCK_ONE + " FOR UPDATE SKIP LOCKED", UUID.randomUUID(), ENDPOINT,
                    now, now))
                    .contains("Index Scan using webhook_outbox_pk");
            assertThat(plan(c, JdbcWebhookOutbox.BODIES + "?, ?)", ENDPOINT, UUID.randomUUID(), UUID.randomUUID()))
                    .as("the bodies of the rows a claim took, by their keys").contains("Index Scan using webhook_outbox_pk");
        } finally {
            database.drop();
        }
    }

    /** The plan for these values (EXPLAIN of the statement with its parameters bound; never a generic plan). */
    private static String plan(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            PostgresDialect.INSTANCE.planEachTime(explain);
            Jdbc.bind(explain, params);
            StringBuilder plan = new StringBuilder();
            try (ResultSet row = explain.executeQuery()) {
                while (row.next()) {
                    plan.append(row.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
