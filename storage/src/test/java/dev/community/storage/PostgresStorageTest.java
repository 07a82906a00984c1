package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The storage contract on PostgreSQL, in a schema of its own (see {@link PostgresTestDatabase}); skipped when
 * PostgreSQL is unreachable, except under CI=true.
 */
@EnabledIf(value = "dev.community.storage.PostgresTestDatabase#reachableOrRequired",
        disabledReason = "PostgreSQL (TEST_DB_URL) is not reachable")
class PostgresStorageTest extends StorageContract {
    private PostgresTestDatabase database;

    @Override
    protected Storage openMainStorage(ServerConfig.WriterConfig writer, MeterRegistry meters) {
        database = new PostgresTestDatabase().create();
        return database.openStorage(writer, meters);
    }

    @Override
    protected DataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user);
        config.setPassword(database.password);
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }

    /** PostgreSQL text cannot hold U+0000. */
    @Override
    protected String refusedContent() {
        return "before\u0000after";
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void postgresStoreIsNotEmbeddedAndIsReachable() {
        assertThat(storage().embedded()).isFalse();
        assertThat(storage().isReachable()).isTrue();
    }
}
