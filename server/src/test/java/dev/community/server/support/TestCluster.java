package dev.community.server.support;

import dev.community.storage.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Several server nodes in this JVM, on loopback, sharing one fresh PostgreSQL schema and one Redis under a fresh key
 * prefix: a cluster as an operator would run it, minus the load balancer (tests pick the node).
 */
public final class TestCluster implements AutoCloseable {
    private final Path dir;
    private final PostgresTestDatabase database;
    private final String prefix = TestRedis.freshPrefix();
    private final Map<String, String> settings;
    private final List<TestServer> nodes = new ArrayList<>();

    private TestCluster(Path dir, PostgresTestDatabase database, Map<String, String> settings) {
        this.dir = dir;
        this.database = database;
        this.settings = settings;
    }

    /**
     * Starts {@code count} nodes with {@code settings} on top of the shared database and Redis. Skips (fails under
     * CI=true) when PostgreSQL or Redis is unreachable.
     */
    public static TestCluster start(Path dir, int count, Map<String, String> settings) throws InterruptedException {
        TestRedis.require();
        TestCluster cluster = new TestCluster(dir, new PostgresTestDatabase().create(), settings);
        try {
            for (int i = 0; i < count; i++) {
                cluster.startNode(TestRedis.url(TestRedis.URL, cluster.prefix));
            }
        } catch (RuntimeException | InterruptedException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more node reaching Redis at {@code redisUrl} (e.g. through a relay); it joins this cluster. */
    public TestServer startNode(String redisUrl) throws InterruptedException {
        Path nodeDir = dir.resolve("node-" + nodes.size());
        try {
            Files.createDirectories(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(settings);
        all.put("db.url", database.url());
        all.put("db.user", database.user);
        if (!database.password.isEmpty()) {
            all.put("db.password", database.password);
        }
        all.put("redis.url", redisUrl);
        TestServer node = TestServer.start(nodeDir, all);
        nodes.add(node);
        return node;
    }

    public TestServer node(int index) {
        return nodes.get(index);
    }

    public List<TestServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The Redis key prefix of this cluster (for its redis.url when started through a relay). */
    public String prefix() {
        return prefix;
    }

    /** A fresh public forum, visible to every node. */
    public UUID newForum() {
        return nodes.get(0).newForum();
    }

    @Override
    public void close() {
        for (TestServer node : nodes) {
            node.close();
        }
        database.drop();
    }
}
