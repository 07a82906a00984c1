package dev.community.storage;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIf;

/** The user search on PostgreSQL, in a schema of its own; skipped when unreachable, except under CI=true. */
@EnabledIf(value = "dev.community.storage.PostgresTestDatabase#reachableOrRequired",
        disabledReason = "PostgreSQL (TEST_DB_URL) is not reachable")
class PostgresUserSearchTest extends UserSearchContract {
    private PostgresTestDatabase database;

    @Override
    protected Storage open(ServerConfig.WriterConfig writer, SimpleMeterRegistry meters) {
        database = new PostgresTestDatabase().create();
        return Storage.open(new ServerConfig.DatabaseConfig(Optional.of(database.url()), Optional.of(database.user),
                Optional.of(database.password), 4), Path.of("target", "unused-data-dir"), writer, meters);
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            database.drop();
        }
    }

}
