package dev.community.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.storage.Storage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's claim reads only the index ranges it needs, on a backlog H2 has statistics of (as it has
 * once its automatic ANALYZE ran): the next room's head and a room's run are read in index order up to their limit,
 * a run is locked as its range of the heads index, a row without a room by its key, and the heads' rows and the
 * rows without a room come from the heads and position indexes, not from the index of due rows (which reads every
 * due row of the backlog). Either mistake made each claim linear in the backlog, and
 * the embedded delivery fell behind a 2,000 messages/s ingest (docs/BENCHMARKS.md, "Webhooks").
 */
class H2WebhookPlansTest {
    private static final String ENDPOINT = "http://127.0.0.1:1/hook";

    @TempDir
    Path dataDir;

    @Test
    void aClaimReadsOnlyTheIndexRangesItNeeds() throws SQLException {
        try (Storage storage = H2Plans.open(dataDir);
             Connection c = storage.dataSource().getConnection()) {
            backlog(storage, c, 5_000);

            assertThat(plan(c, H2WebhookHeads.NEXT_ROOM, ENDPOINT, ""))
                    .contains("webhook_outbox_heads").contains("/* index sorted */");
            assertThat(plan(c, JdbcWebhookOutbox.RUN, ENDPOINT, "room", 1L, 100))
                    .contains("webhook_outbox_heads").contains("/* index sorted */");
            assertThat(plan(c, JdbcWebhookOutbox.LOCK_RUN, ENDPOINT, "room", 1L, 100L, Instant.now(), Instant.now()))
                    .contains("/* public.webhook_outbox_heads: ordering_key = ?2").contains("position >= ?3")
                    .contains("position <= ?4");
            assertThat(plan(c, JdbcWebhookOutbox.LOCK_ONE, UUID.randomUUID(), ENDPOINT, Instant.now(), Instant.now()))
                    .contains("/* public.PRIMARY_KEY");
            assertThat(plan(c, JdbcWebhookOutbox.BODIES + "?, ?)", ENDPOINT, UUID.randomUUID(), UUID.randomUUID()))
                    .as("the bodies of the rows a claim took, by their keys").contains("/* public.PRIMARY_KEY");
            String heads = plan(c, H2WebhookHeads.headsByPosition("o.id", 2, 1), 1L, 2L, ENDPOINT, Instant.now(),
                    Instant.now(), 4);
            assertThat(heads).contains("/* public.webhook_outbox_position: position IN")
                    .contains("/* public.webhook_outbox_heads: ordering_key IS NULL")
                    .doesNotContain("webhook_outbox_due");
        }
    }

    /** A backlog, and the statistics H2 gathers by itself once a table has grown. */
    private static void backlog(Storage storage, Connection c, int rows) throws SQLException {
        WebhookBacklog.append(storage, c, ENDPOINT, rows);
        try (Statement analyze = c.createStatement()) {
            analyze.execute("ANALYZE");
        }
    }

    private static String plan(Connection c, String sql, Object... params) throws SQLException {
        return H2Plans.plan(c, "EXPLAIN", sql, params);
    }
}
