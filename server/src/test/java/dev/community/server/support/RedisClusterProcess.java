package dev.community.server.support;

import io.lettuce.core.Range;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A one-shard Redis Cluster for tests: a {@code redis-server} in cluster mode on a free loopback port, owning every
 * slot. Enough to run the cluster client, slot routing and sharded pub/sub for real. The binary comes from
 * TEST_REDIS_SERVER (default {@code redis-server} on the PATH); without one the tests are skipped.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisClusterProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisClusterProcess start(Path dir) throws IOException {
        String binary = System.getenv().getOrDefault("TEST_REDIS_SERVER", "redis-server");
        int port = freePort();
        Process process;
        try {
            process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-announce-ip", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "redis.log"))
                    .start();
        } catch (IOException e) {
            Assumptions.abort("no " + binary + " to start a Redis Cluster with: " + e.getMessage());
            throw e;
        }
        RedisClusterProcess cluster = new RedisClusterProcess(process, port);
        try {
            String url = cluster.url();
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> "PONG".equals(TestRedis.call(url, redis -> redis.ping())));
            TestRedis.call(url, redis -> redis.clusterAddSlotsRange(Range.create(0, 16383)));
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> TestRedis.call(url, redis -> redis.clusterInfo()).contains("cluster_state:ok"));
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        // The cluster bus listens on port + 10000: keep both in range.
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port + 10_000 <= 65_535) {
                    return port;
                }
            }
        }
        throw new IOException("no free port below 55536");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
