package dev.community.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Retention on the embedded H2 store. */
class H2RetentionTest extends RetentionContract {
    @TempDir
    static Path dataDir;

    H2RetentionTest() {
        super(Store.h2(() -> dataDir));
    }
}
