package dev.community.storage;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The contracts that run on both stores share one store per class: opening a database is slow, and each test
 * works in rooms and users of its own, so tests need no store of their own. The concrete class only names the
 * store ({@link Store#h2}, {@link Store#postgres}); what is made for the class is removed after its last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneStorePerClass {
    static final ServerConfig.WriterConfig WRITER = new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 20_000);

    private final Store store;
    Storage storage;

    OneStorePerClass(Store store) {
        this.store = store;
    }

    @BeforeAll
    final void openStore() {
        storage = store.open(WRITER, new SimpleMeterRegistry());
    }

    @AfterAll
    final void closeStore() {
        try {
            if (storage != null) {
                storage.close();
            }
        } finally {
            store.cleanUp();
        }
    }

    /** Where a class's tests run. */
    interface Store {
        Storage open(ServerConfig.WriterConfig writer, MeterRegistry meters);

        /** Runs after the Storage is closed, even when opening it failed. */
        void cleanUp();

        /**
         * The embedded store in the class's {@code @TempDir}, which JUnit also removes; a supplier, as JUnit sets a
         * static {@code @TempDir} only after it has made the per-class instance.
         */
        static Store h2(Supplier<Path> dataDir) {
            return new Store() {
                @Override
                public Storage open(ServerConfig.WriterConfig writer, MeterRegistry meters) {
                    return Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(),
                            Optional.empty(), 4), dataDir.get(), writer, meters);
                }

                @Override
                public void cleanUp() {
                    // @TempDir removes the database files
                }
            };
        }

        /** A fresh schema of its own (see {@link PostgresTestDatabase}), dropped afterwards. */
        static Store postgres() {
            PostgresTestDatabase database = new PostgresTestDatabase();
            return new Store() {
                @Override
                public Storage open(ServerConfig.WriterConfig writer, MeterRegistry meters) {
                    return database.create().openStorage(writer, meters);
                }

                @Override
                public void cleanUp() {
                    database.dropIfCreated();
                }
            };
        }
    }
}
