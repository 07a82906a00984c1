package dev.community.server.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * One {@code redis-server} process a test starts for itself (a Redis Cluster node, a replica, a Sentinel), on
 * loopback, in its own directory, logging to {@code redis.log} there. The binary comes from TEST_REDIS_SERVER
 * (default {@code redis-server} on the PATH); without one the calling test is skipped.
 *
 * <p>Ports come from TEST_REDIS_PORTS (default {@value #DEFAULT_PORTS}): several test runs on one machine then stay
 * out of each other's and the shared Redis's way.
 */
public final class RedisProcess implements AutoCloseable {
    static final String DEFAULT_PORTS = "7200-7299";
    private static final String BINARY = System.getenv().getOrDefault("TEST_REDIS_SERVER", "redis-server");
    /** Ports this JVM handed out: a process may not have bound its port yet when the next one is chosen. */
    private static final Set<Integer> PORTS_TAKEN = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts {@code redis-server} with {@code arguments} (a config file first, or flags) in {@code dir}, listening on
     * {@code port}, and waits until it answers a PING.
     */
    public static RedisProcess start(Path dir, int port, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "redis.log"))
                    .start();
        } catch (IOException e) {
            Assumptions.abort("no " + BINARY + " to start Redis with: " + e.getMessage());
            throw e;
        }
        RedisProcess redis = new RedisProcess(process, port, dir);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> "PONG".equals(TestRedis.call(redis.url(), commands -> commands.ping())));
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** A free loopback port from TEST_REDIS_PORTS, starting the search at a random place in the range. */
    public static int freePort() throws IOException {
        String[] range = System.getenv().getOrDefault("TEST_REDIS_PORTS", DEFAULT_PORTS).split("-");
        int low = Integer.parseInt(range[0].trim());
        int high = Integer.parseInt(range[1].trim());
        int size = high - low + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = low + (start + i) % size;
            if (PORTS_TAKEN.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                PORTS_TAKEN.add(port);
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new IOException("no free port in TEST_REDIS_PORTS " + low + "-" + high);
    }

    /** Gives a port from {@link #freePort()} back (one no process of this class owns, such as a cluster bus port). */
    public static void release(int port) {
        PORTS_TAKEN.remove(port);
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown, no last save, connections cut as by a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        PORTS_TAKEN.remove(port);
    }
}
