package dev.community.server.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.server.support.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node does not start without its Redis, and says which setting to look at (without the password). */
class ClusterStartIT {
    @TempDir
    Path dir;

    @Test
    void refusesToStartWhenRedisIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "redis://:hunter2@127.0.0.1:" + closedPort;
        long writersBefore = writerThreads();

        assertThatThrownBy(() -> TestServer.start(dir, Map.of("redis.url", url)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis.url")
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageNotContaining("hunter2");
        // What had started before Redis was tried (the store and its writer lanes' threads) was closed again.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writerThreads() == writersBefore);
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("message-writer")).count();
    }
}
