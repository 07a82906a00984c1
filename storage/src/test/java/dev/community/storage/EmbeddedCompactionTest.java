package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's chunks, with the server's own H2 flags ({@code WRITE_DELAY=0}: a chunk per commit, no H2
 * background thread). The soak that found it: docs/RELIABILITY.md, "The 60-minute soaks".
 *
 * <p>The store here keeps dead chunks for no time ({@code RETENTION_TIME=0}) so that the test does not wait; the
 * server keeps them H2's default 45 s, after which the same happens.
 */
class EmbeddedCompactionTest {
    /** Commits in a test: single-row ones, the writer's smallest group commit, into an appended-to index. */
    private static final int COMMITS = 3_000;
    /** Commits between two passes. */
    private static final int PASS_EVERY = 100;

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void open() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Storage.embeddedUrl(dataDir) + ";RETENTION_TIME=0");
        config.setUsername("sa");
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE m (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, room UUID NOT NULL,"
                    + " seq BIGINT NOT NULL, body VARCHAR(4000) NOT NULL, UNIQUE (room, seq))");
        }
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void leftAloneTheStoreKeepsChunksInProportionToItsCommits() throws SQLException {
        for (int i = 0; i < COMMITS; i++) {
            commitOne(i);
        }
        // the cause of the soak's heap rise: the chunks that hold a left-behind page are never rewritten
        assertThat(chunkCount()).isGreaterThan(2 * PASS_EVERY);
    }

    @Test
    void aPassEveryHundredCommitsKeepsTheChunksBelowAHundred() throws SQLException {
        EmbeddedCompaction compaction = new EmbeddedCompaction(dataSource, meters);
        int most = 0;
        for (int i = 0; i < COMMITS; i++) {
            commitOne(i);
            if (i % PASS_EVERY == PASS_EVERY - 1) {
                compaction.compactOnce();
                most = Math.max(most, chunkCount());
            }
        }
        // bounded by the commits between passes, however many commits the store has seen
        assertThat(most).isLessThan(PASS_EVERY);
    }

    @Test
    void eachPassIsTimedAndTheStoresFiguresAreGauges() throws Exception {
        EmbeddedCompaction compaction = new EmbeddedCompaction(dataSource, meters);
        assertThat(meters.get(StorageMeters.EMBEDDED_FILE_SIZE).gauge().value()).isNaN(); // no pass yet: no store
        for (int i = 0; i < 3 * PASS_EVERY; i++) {
            commitOne(i);
            if (i % PASS_EVERY == PASS_EVERY - 1) {
                compaction.compactOnce();
            }
        }
        assertThat(meters.get(StorageMeters.EMBEDDED_COMPACTION).timer().count()).isEqualTo(3);
        assertThat(meters.get(StorageMeters.EMBEDDED_FILE_SIZE).gauge().value())
                .isEqualTo((double) Files.size(dataDir.resolve("db").resolve("community.mv.db")));
        assertThat(meters.get(StorageMeters.EMBEDDED_CHUNKS_FILL).gauge().value())
                .isEqualTo((double) infoSetting("info.CHUNKS_FILL_RATE"));
    }

    @Test
    void thePassesUseH2sSelectiveRewriteOfThePinnedVersion() {
        // false after an H2 upgrade that renamed its internals: the passes would fall back to MVStore.compact,
        // which rewrites old full chunks (docs/RELIABILITY.md, "The compaction's stalls")
        assertThat(H2ChunkRewrite.selective()).isTrue();
    }

    @Test
    void aPassOnAStoreWithNothingToRewriteRewritesNothing() throws SQLException {
        EmbeddedCompaction compaction = new EmbeddedCompaction(dataSource, new SimpleMeterRegistry());
        compaction.compactOnce();
        assertThat(compaction.compactOnce()).isFalse();
    }

    private final UUID[] rooms = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};

    private void commitOne(int i) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO m (room, seq, body) VALUES (?, ?, ?)")) {
            insert.setObject(1, rooms[i % rooms.length]);
            insert.setLong(2, i / rooms.length);
            insert.setString(3, "message " + i + " of the compaction test, about as long as a chat line");
            insert.executeUpdate();
        }
    }

    private int chunkCount() throws SQLException {
        return infoSetting("info.CHUNK_COUNT");
    }

    /** One of H2's own figures of its store, as its settings table reports it. */
    private int infoSetting(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT setting_value FROM information_schema.settings WHERE setting_name = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return Integer.parseInt(row.getString(1));
            }
        }
    }
}
