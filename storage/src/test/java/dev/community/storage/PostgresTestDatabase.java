package dev.community.storage;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests use, from TEST_DB_URL / _USER / _PASSWORD (defaults: the local test
 * database as postgres, no password). Each user gets a fresh schema of its own, dropped afterwards, so runs
 * never see each other's rows. Unreachable: the tests are skipped, except with CI=true, where they fail.
 */
public final class PostgresTestDatabase {
    public final String baseUrl = env("TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public final String user = env("TEST_DB_USER", "postgres");
    public final String password = env("TEST_DB_PASSWORD", "");
    public final String schema = "community_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);
    private boolean created;

    /**
     * For {@code @EnabledIf}: true when PostgreSQL answers, and always under CI=true (so that the tests run
     * and fail there instead of being skipped).
     */
    public static boolean reachableOrRequired() {
        if (ciRequiresIt()) {
            return true;
        }
        PostgresTestDatabase probe = new PostgresTestDatabase();
        try (Connection c = DriverManager.getConnection(probe.baseUrl, probe.user, probe.password)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean ciRequiresIt() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Creates the fresh schema, or skips (fails under CI=true) when PostgreSQL cannot be reached. */
    public PostgresTestDatabase create() {
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (ciRequiresIt()) {
                throw new AssertionError("PostgreSQL at " + baseUrl + " is required under CI=true: " + e, e);
            }
            Assumptions.abort("PostgreSQL at " + baseUrl + " not reachable: " + e.getMessage());
        }
        created = true;
        return this;
    }

    /** The JDBC URL whose connections work in the fresh schema. */
    public String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A Storage on the fresh schema (after {@link #create()}), migrating it; the data directory goes unused. */
    public Storage openStorage(ServerConfig.WriterConfig writer, MeterRegistry meters) {
        return Storage.open(new ServerConfig.DatabaseConfig(Optional.of(url()), Optional.of(user),
                Optional.of(password), 4), Path.of("target", "unused-data-dir"), writer, meters);
    }

    public void drop() {
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    /** For a clean-up that also runs when {@link #create()} skipped the test: then there is no schema to drop. */
    public void dropIfCreated() {
        if (created) {
            drop();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
