package dev.community.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Pins on the embedded H2 store. */
class H2PinsTest extends PinsContract {
    @TempDir
    static Path dataDir;

    H2PinsTest() {
        super(Store.h2(() -> dataDir));
    }
}
