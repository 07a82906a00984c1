package dev.community.server.support;

import io.lettuce.core.Range;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A Redis Cluster for tests, of local {@code redis-server} processes in cluster mode (see {@link RedisProcess} for
 * the binary and the ports): either one shard owning every slot, enough to run the cluster client, slot routing and
 * sharded pub/sub for real, or several masters with replicas, whose masters a test can kill to see a replica
 * promoted. Failure detection is fast ({@value #NODE_TIMEOUT_MS} ms node timeout) so a failover takes seconds.
 */
public final class RedisClusterProcess implements AutoCloseable {
    static final int NODE_TIMEOUT_MS = 1000;
    private static final int SLOTS = 16384;

    /** One process of the cluster. */
    public record Node(RedisProcess process, int busPort, String id) {
        public int port() {
            return process.port();
        }

        public String url() {
            return process.url();
        }
    }

    private final List<Node> nodes;

    private RedisClusterProcess(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** One node owning every slot. */
    public static RedisClusterProcess start(Path dir) throws IOException {
        return start(dir, 1, 0);
    }

    /**
     * {@code masters} masters splitting the slots evenly, each with {@code replicasPerMaster} replicas; returns once
     * every node reports {@code cluster_state:ok} and every replica is in sync with its master.
     */
    public static RedisClusterProcess start(Path dir, int masters, int replicasPerMaster) throws IOException {
        List<Node> nodes = new ArrayList<>();
        RedisClusterProcess cluster = new RedisClusterProcess(nodes);
        try {
            int count = masters * (1 + replicasPerMaster);
            for (int i = 0; i < count; i++) {
                nodes.add(startNode(Files.createDirectories(dir.resolve("redis-" + i))));
            }
            for (int m = 0; m < masters; m++) {
                int from = SLOTS * m / masters;
                int to = SLOTS * (m + 1) / masters - 1;
                TestRedis.call(nodes.get(m).url(), redis -> redis.clusterAddSlotsRange(Range.create(from, to)));
            }
            Node first = nodes.get(0);
            for (Node node : nodes.subList(1, nodes.size())) {
                // CLUSTER MEET with the bus port: the nodes' bus ports are not port + 10000 here.
                TestRedis.call(node.url(), redis -> redis.dispatch(CommandType.CLUSTER,
                        new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("MEET")
                                .add("127.0.0.1").add(first.port()).add(first.busPort())));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> nodes.stream().allMatch(node ->
                    TestRedis.call(node.url(), redis -> redis.clusterNodes()).lines().count() == count));
            for (int r = masters; r < count; r++) {
                Node master = nodes.get((r - masters) % masters);
                Node replica = nodes.get(r);
                Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                        "OK".equals(TestRedis.call(replica.url(), redis -> redis.clusterReplicate(master.id()))));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(node ->
                    TestRedis.call(node.url(), redis -> redis.clusterInfo()).contains("cluster_state:ok")));
            for (Node replica : nodes.subList(masters, count)) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestRedis.call(replica.url(),
                        redis -> redis.info("replication")).contains("master_link_status:up"));
            }
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static Node startNode(Path dir) throws IOException {
        int port = RedisProcess.freePort();
        int busPort = RedisProcess.freePort();
        RedisProcess process = RedisProcess.start(dir, port, List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-port", Integer.toString(busPort),
                "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                "--cluster-announce-ip", "127.0.0.1", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                // a replica is promoted however long it was cut off from its master: a test kills masters
                "--cluster-replica-validity-factor", "0",
                "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        String id = TestRedis.call(process.url(), redis -> redis.clusterMyId());
        return new Node(process, busPort, id);
    }

    /** The seed URL a server is given (the first node; the cluster client discovers the others). */
    public String url() {
        return nodes.get(0).url();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The node that a live node says owns {@code key}'s slot now. */
    public Node ownerOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (Node asked : nodes) {
            if (!asked.process().alive()) {
                continue;
            }
            String owner = TestRedis.call(asked.url(), redis -> redis.clusterNodes()).lines()
                    .filter(line -> owns(line, slot))
                    .map(line -> line.split(" ")[0])
                    .findFirst().orElse(null);
            if (owner != null) {
                return nodes.stream().filter(node -> node.id().equals(owner)).findFirst().orElseThrow();
            }
        }
        throw new IllegalStateException("no live node knows who owns slot " + slot);
    }

    /** The masters in slot order (the shards). */
    public List<Node> masters() {
        List<Node> masters = new ArrayList<>();
        for (Node node : nodes) {
            if (node.process().alive() && TestRedis.call(node.url(), redis -> redis.info("replication"))
                    .contains("role:master")) {
                masters.add(node);
            }
        }
        return masters;
    }

    /** Whether a CLUSTER NODES line (id addr flags master ping pong epoch state slots...) owns {@code slot}. */
    private static boolean owns(String line, int slot) {
        String[] fields = line.split(" ");
        if (!fields[2].contains("master") || fields[2].contains("fail") && !fields[2].contains("fail?")) {
            return false;
        }
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue;
            }
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.process().close();
            RedisProcess.release(node.busPort());
        }
    }
}
