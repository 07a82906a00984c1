package dev.community.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The webhook outbox on the embedded H2 store. */
class H2WebhookOutboxTest extends WebhookOutboxContract {
    @TempDir
    static Path dataDir;

    H2WebhookOutboxTest() {
        super(Store.h2(() -> dataDir));
    }
}
