package dev.community.storage;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class H2StorageTest extends StorageContract {
    @TempDir
    static Path dataDir;
    private Storage storage;

    @BeforeAll
    void open() {
        storage = Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4),
                dataDir, new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 10_000), new SimpleMeterRegistry());
    }

    @AfterAll
    void close() {
        storage.close();
    }

    @Override
    protected Storage storage() {
        return storage;
    }
}
