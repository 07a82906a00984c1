package dev.community.server.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A Sentinel-managed Redis for tests: one master, one replica and three Sentinels (quorum two), all local
 * {@code redis-server} processes (see {@link RedisProcess}). The Sentinels consider a master down after
 * {@value #DOWN_AFTER_MS} ms without an answer, so killing it promotes the replica within seconds.
 */
public final class RedisSentinelProcesses implements AutoCloseable {
    public static final String MASTER_NAME = "community";
    static final int DOWN_AFTER_MS = 1000;

    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinelProcesses() {
    }

    public static RedisSentinelProcesses start(Path dir) throws IOException {
        RedisSentinelProcesses setup = new RedisSentinelProcesses();
        try {
            RedisProcess master = server(Files.createDirectories(dir.resolve("master")), null);
            setup.servers.add(master);
            setup.servers.add(server(Files.createDirectories(dir.resolve("replica")), master));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestRedis.call(setup.servers.get(1).url(),
                    redis -> redis.info("replication")).contains("master_link_status:up"));
            for (int i = 0; i < 3; i++) {
                setup.sentinels.add(sentinel(Files.createDirectories(dir.resolve("sentinel-" + i)), master.port()));
            }
            // Ready when every Sentinel knows the replica and the two other Sentinels (they find each other through
            // the master's hello channel).
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> setup.sentinels.stream().allMatch(sentinel -> {
                Map<String, String> state = setup.askSentinel(sentinel, s -> s.master(MASTER_NAME));
                return "1".equals(state.get("num-slaves")) && "2".equals(state.get("num-other-sentinels"));
            }));
        } catch (IOException | RuntimeException | Error e) {
            setup.close();
            throw e;
        }
        return setup;
    }

    private static RedisProcess server(Path dir, RedisProcess master) throws IOException {
        int port = RedisProcess.freePort();
        List<String> flags = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        if (master != null) {
            flags.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
        }
        return RedisProcess.start(dir, port, flags);
    }

    private static RedisProcess sentinel(Path dir, int masterPort) throws IOException {
        int port = RedisProcess.freePort();
        Path config = dir.resolve("sentinel.conf");
        // A Sentinel rewrites its config file as it learns: it must be its own and writable.
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        return RedisProcess.start(dir, port, List.of(config.toString(), "--sentinel"));
    }

    /**
     * The URL a server is given: every Sentinel, and the master's name. Lettuce asks the Sentinels where the
     * master is on every (re)connect.
     */
    public String url() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "?sentinelMasterId=" + MASTER_NAME;
    }

    /** The process the Sentinels currently name as master. */
    public RedisProcess master() {
        for (RedisProcess sentinel : sentinels) {
            if (!sentinel.alive()) {
                continue;
            }
            SocketAddress address = askSentinel(sentinel, s -> s.getMasterAddrByName(MASTER_NAME));
            String text = address.toString();
            int port = Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
            return servers.stream().filter(server -> server.port() == port).findFirst().orElseThrow();
        }
        throw new IllegalStateException("no Sentinel alive");
    }

    public List<RedisProcess> servers() {
        return List.copyOf(servers);
    }

    private <T> T askSentinel(RedisProcess sentinel, Function<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>, T> question) {
        RedisClient client = RedisClient.create(RedisURI.create(sentinel.url()));
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
            return question.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        for (RedisProcess sentinel : sentinels) {
            sentinel.close();
        }
        for (RedisProcess server : servers) {
            server.close();
        }
    }
}
