package dev.community.storage;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The user search on the embedded H2 store. */
class H2UserSearchTest extends UserSearchContract {
    @TempDir
    static Path dataDir;

    @Override
    protected Storage open(ServerConfig.WriterConfig writer, SimpleMeterRegistry meters) {
        return Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4),
                dataDir, writer, meters);
    }

    @Override
    protected void cleanUp() {
        // @TempDir removes the database files
    }

}
