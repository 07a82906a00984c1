package dev.community.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The user search on the embedded H2 store. */
class H2UserSearchTest extends UserSearchContract {
    @TempDir
    static Path dataDir;

    H2UserSearchTest() {
        super(Store.h2(() -> dataDir));
    }
}
