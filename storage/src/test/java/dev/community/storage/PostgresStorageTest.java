package dev.community.storage;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresStorageTest extends StorageContract {
    private Storage storage;

    @BeforeAll
    void open() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS scratch CASCADE");
            s.execute("CREATE SCHEMA scratch");
        }
        storage = Storage.open(new ServerConfig.DatabaseConfig(Optional.of("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=scratch"), Optional.of("postgres"), Optional.of(""), 4),
                Path.of("target"), new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 10_000), new SimpleMeterRegistry());
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
