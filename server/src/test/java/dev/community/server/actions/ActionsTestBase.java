package dev.community.server.actions;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One embedded store and one set of actions per test class ({@link ActionsFixture}); each test starts unheard. */
abstract class ActionsTestBase {
    @TempDir
    static Path dataDir;
    static ActionsFixture fixture;

    @BeforeAll
    static void open() {
        fixture = new ActionsFixture(dataDir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void forgetWhatWasHeard() {
        fixture.published.clear();
        fixture.relayed.clear();
    }
}
