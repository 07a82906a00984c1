package dev.community.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.config.ServerConfig;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's claim reads the heads index in order and stops at its limit: H2 does so only when the ORDER
 * BY names the index's columns from its first, and otherwise reads and sorts a room's whole backlog on every claim
 * (the embedded delivery then fell behind a 2,000 messages/s ingest: docs/BENCHMARKS.md, "Webhooks").
 */
class H2WebhookPlansTest {
    @TempDir
    Path dataDir;

    @Test
    void theNextRoomProbeAndARoomsRunReadTheHeadsIndexInOrder() throws SQLException {
        try (Storage storage = Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(),
                Optional.empty(), 4), dataDir, new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 20_000),
                new SimpleMeterRegistry());
             Connection c = storage.dataSource().getConnection()) {
            assertThat(plan(c, H2WebhookHeads.NEXT_ROOM, "http://127.0.0.1/hook", ""))
                    .contains("webhook_outbox_heads").contains("/* index sorted */");
            assertThat(plan(c, JdbcWebhookOutbox.RUN, "http://127.0.0.1/hook", "room", 1L, 100))
                    .contains("webhook_outbox_heads").contains("/* index sorted */");
        }
    }

    private static String plan(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            Jdbc.bind(explain, params);
            try (ResultSet row = explain.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
