package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.community.config.ServerConfig;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the embedded H2 file store, plus what only the embedded store promises. */
class H2StorageTest extends StorageContract {
    @TempDir
    static Path dataDir;

    @Override
    protected Storage openMainStorage(ServerConfig.WriterConfig writer, MeterRegistry meters) {
        return Storage.open(embeddedConfig(), dataDir, writer, meters);
    }

    @Override
    protected DataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Storage.embeddedUrl(dataDir));
        config.setUsername("sa");
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }

    /** H2 takes U+0000; what it refuses is a value longer than its column. */
    @Override
    protected String refusedContent() {
        return "x".repeat(8001);
    }

    @Override
    protected void cleanUp() {
        // @TempDir removes the database files
    }

    private static ServerConfig.DatabaseConfig embeddedConfig() {
        return new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4);
    }

    @Test
    void embeddedStoreIsReportedAsEmbeddedAndReachable() {
        assertThat(storage().embedded()).isTrue();
        assertThat(storage().isReachable()).isTrue();
    }

    @Test
    void aDataDirectoryLockedByAnotherProcessIsReportedAsInUse(@TempDir Path ownDir) throws Exception {
        Storage.open(embeddedConfig(), ownDir, WRITER, new SimpleMeterRegistry()).close();
        // What a second server finds: the first one holds the lock on the store's file.
        try (FileChannel file = FileChannel.open(ownDir.resolve("db/community.mv.db"), StandardOpenOption.WRITE);
             FileLock held = file.lock()) {
            assertThatThrownBy(() -> Storage.open(embeddedConfig(), ownDir, WRITER, new SimpleMeterRegistry()))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessage("data directory " + ownDir.toAbsolutePath().normalize() + " is in use by another"
                            + " process (the embedded store admits one server at a time): stop the server using it,"
                            + " or give this one its own --data.dir=DIR (several servers share data through"
                            + " PostgreSQL: --db.url)");
        }
        try (Storage reopened = Storage.open(embeddedConfig(), ownDir, WRITER, new SimpleMeterRegistry())) {
            assertThat(reopened.isReachable()).isTrue();
        }
    }

    @Test
    void everythingSurvivesCloseAndReopen(@TempDir Path ownDir) {
        RoomRecord room;
        List<Message> before;
        try (Storage first = Storage.open(embeddedConfig(), ownDir, WRITER, new SimpleMeterRegistry())) {
            first.users().upsertSeen("alice", "Alice", null, 2, false);
            room = first.rooms().create("Kept", "kept", RoomType.CIRCLE, Visibility.PRIVATE, "alice", "survives");
            for (int i = 0; i < 5; i++) {
                await(first.writer().submit(message(room.id(), "alice", "c" + i, "message " + i)));
            }
            first.memberships().markRead(room.id(), "alice", 3);
            before = first.messages().latest(room.id(), 10);
        }
        try (Storage second = Storage.open(embeddedConfig(), ownDir, WRITER, new SimpleMeterRegistry())) {
            assertThat(second.rooms().findBySlug("kept")).get()
                    .satisfies(r -> assertThat(r.lastSeq()).isEqualTo(5))
                    .satisfies(r -> assertThat(r.description()).isEqualTo("survives"));
            assertThat(second.messages().latest(room.id(), 10)).isEqualTo(before);
            assertThat(second.users().find("alice")).get().extracting(UserRecord::messageCount).isEqualTo(5L);
            assertThat(second.memberships().readMarker(room.id(), "alice").lastReadSeq()).isEqualTo(3);
            WriteOutcome resent = await(second.writer().submit(message(room.id(), "alice", "c4", "again")));
            assertThat(resent.duplicate()).isTrue();
            assertThat(await(second.writer().submit(message(room.id(), "alice", "c5", "next"))).message().seq())
                    .isEqualTo(6);
        }
    }
}
