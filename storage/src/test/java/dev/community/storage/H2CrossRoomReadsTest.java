package dev.community.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Search and mentions on the embedded H2 store. */
class H2CrossRoomReadsTest extends CrossRoomReadsContract {
    @TempDir
    static Path dataDir;

    H2CrossRoomReadsTest() {
        super(Store.h2(() -> dataDir));
    }

    @Override
    protected boolean ranks() {
        return false;
    }
}
