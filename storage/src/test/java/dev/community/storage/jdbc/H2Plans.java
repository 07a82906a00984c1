package dev.community.storage.jdbc;

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

/** What the embedded store's plan tests share: a store in a directory of its own, and H2's plan of a statement. */
final class H2Plans {
    private H2Plans() {
    }

    /** The embedded store in {@code dataDir}, with the writer's settings the tests use. */
    static Storage open(Path dataDir) {
        return Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4),
                dataDir, new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 20_000), new SimpleMeterRegistry());
    }

    /** The plan for these values: {@code EXPLAIN} (or {@code EXPLAIN ANALYZE}, which runs it) with the parameters bound. */
    static String plan(Connection c, String explain, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(explain + " " + sql)) {
            Jdbc.bind(statement, params);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
