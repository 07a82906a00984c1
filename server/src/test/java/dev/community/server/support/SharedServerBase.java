package dev.community.server.support;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real server per test class, shared by its tests, with the HTTP client and fixtures the REST tests use.
 * The message rate limit is lifted so fixtures can post freely; classes that test the limit start their own.
 */
public abstract class SharedServerBase {
    @TempDir
    protected static Path dataDir;
    protected static TestServer server;
    protected static Api api;
    protected static Fixtures fx;

    @BeforeAll
    static void startSharedServer() throws Exception {
        server = TestServer.start(dataDir, Map.of("limits.rate_messages", "1000"));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stopSharedServer() {
        server.close();
    }
}
