package dev.community.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.server.support.Api;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.storage.PostgresTestDatabase;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback measurement behind docs/CLUSTER.md: N nodes in this JVM (PostgreSQL + Redis), receivers spread over
 * the nodes, senders spread over the nodes sending at a fixed total rate; each receiver measures send → receive
 * latency, split by whether the sender was on its own node (local fan-out) or another (through Redis), and checks
 * that it got every message once in seq order. {@code nodes = 0} is the single-node baseline without Redis.
 *
 * <p>Run: {@code java -cp <test classpath> dev.community.server.cluster.ClusterFanoutBench NODES RECEIVERS_PER_NODE
 * RATE SECONDS}. Not a test: it prints a report line.
 */
public final class ClusterFanoutBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodeCount = Integer.parseInt(args[0]);
        int receiversPerNode = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("cluster-bench");
        Map<String, String> settings = Map.of("limits.rate_messages", "1000000", "server.event_loop_threads", "2",
                "ws.idle_timeout_seconds", "300");
        List<TestServer> nodes = new ArrayList<>();
        TestCluster cluster = null;
        PostgresTestDatabase database = null;
        if (nodeCount == 0) {
            database = new PostgresTestDatabase().create();
            Map<String, String> single = new java.util.HashMap<>(settings);
            single.put("db.url", database.url());
            single.put("db.user", database.user);
            nodes.add(TestServer.start(dir, single));
        } else {
            TestRedis.require();
            cluster = TestCluster.start(dir, nodeCount, settings);
            nodes.addAll(cluster.nodes());
        }
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().executor(callbacks).build();
        UUID room = nodes.get(0).newForum();
        String path = "/ws/community/room/" + room + "/";
        List<Receiver> receivers = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            for (int i = 0; i < receiversPerNode; i++) {
                receivers.add(Receiver.open(http, nodes.get(n), "r" + n + "-" + i, path, n));
            }
        }
        List<WebSocket> senders = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            senders.add(Receiver.open(http, nodes.get(n), "s" + n, path, n).socket);
        }
        AtomicInteger sent = new AtomicInteger();
        int total = rate * seconds;
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        clock.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i >= total) {
                return;
            }
            int node = i % senders.size();
            WebSocket socket = senders.get(node);
            synchronized (socket) {
                socket.sendText("{\"type\":\"send_message\",\"content\":\"" + System.nanoTime() + ":" + node + "\"}", true)
                        .join();
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30);
        while (receivers.stream().anyMatch(r -> r.count.get() < total) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        clock.shutdownNow();

        long[] local = Receiver.merge(receivers, true);
        long[] remote = Receiver.merge(receivers, false);
        long delivered = receivers.stream().mapToLong(r -> r.count.get()).sum();
        long outOfOrder = receivers.stream().mapToLong(r -> r.violations.get()).sum();
        double fills = 0;
        double repaired = 0;
        for (TestServer node : nodes) {
            fills += node.counter("community.cluster.gap.fills");
            repaired += node.counter("community.cluster.gap.repaired");
        }
        System.out.printf(Locale.ROOT, "nodes=%d receivers=%d rate=%d/s seconds=%d messages=%d deliveries=%d (expected %d)"
                        + " order_violations=%d gap_fills=%.0f repaired=%.0f%n  local  %s%n  remote %s%n  hop    %s%n",
                nodeCount, receivers.size(), rate, seconds, total, delivered, (long) total * receivers.size(), outOfOrder,
                fills, repaired, percentiles(local), percentiles(remote), hop(nodes));
        for (Receiver r : receivers) {
            r.socket.abort();
        }
        senders.forEach(WebSocket::abort);
        callbacks.shutdownNow();
        if (cluster != null) {
            cluster.close();
        } else {
            nodes.forEach(TestServer::close);
            database.drop();
        }
        System.exit(0);
    }

    /** community.cluster.hop over every node: commit on one node → arrival from Redis on another (bucket bounds). */
    private static String hop(List<TestServer> nodes) {
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        long count = 0;
        for (TestServer node : nodes) {
            var timer = node.meters().find("community.cluster.hop").timer();
            if (timer == null) {
                continue;
            }
            count += timer.count();
            for (var bucket : timer.takeSnapshot().histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
        }
        if (count == 0) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "n=%d p50<=%.0fms p99<=%.0fms", count, bound(buckets, count, 0.50),
                bound(buckets, count, 0.99));
    }

    private static double bound(java.util.TreeMap<Double, Double> cumulative, long count, double q) {
        for (var entry : cumulative.entrySet()) {
            if (entry.getValue() >= q * count) {
                return entry.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return "n=0";
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", nanos.length,
                at(nanos, 0.50), at(nanos, 0.90), at(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** One connection that records the latency of every new_message and checks seq order. */
    private static final class Receiver implements WebSocket.Listener {
        final int node;
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger violations = new AtomicInteger();
        final StringBuilder partial = new StringBuilder();
        long[] localLatencies = new long[1024];
        int locals;
        long[] remoteLatencies = new long[1024];
        int remotes;
        long lastSeq;
        WebSocket socket;

        Receiver(int node) {
            this.node = node;
        }

        static Receiver open(HttpClient http, TestServer server, String user, String path, int node) {
            Receiver receiver = new Receiver(node);
            String token = new Api(server).connectionToken(user);
            receiver.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(server.ws(path + "?connection_token=" + token), receiver).join();
            return receiver;
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode event = JSON.readTree(partial.toString());
                    if ("new_message".equals(event.path("event").asText())) {
                        JsonNode message = event.path("message");
                        long seq = message.path("seq").asLong();
                        if (seq != lastSeq + 1 && lastSeq != 0) {
                            violations.incrementAndGet();
                        }
                        lastSeq = seq;
                        String[] parts = message.path("content").asText().split(":");
                        long latency = now - Long.parseLong(parts[0]);
                        if (Integer.parseInt(parts[1]) == node) {
                            localLatencies = add(localLatencies, locals++, latency);
                        } else {
                            remoteLatencies = add(remoteLatencies, remotes++, latency);
                        }
                        count.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    violations.incrementAndGet();
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private static long[] add(long[] values, int index, long value) {
            long[] out = index < values.length ? values : Arrays.copyOf(values, values.length * 2);
            out[index] = value;
            return out;
        }

        static long[] merge(List<Receiver> receivers, boolean local) {
            int size = 0;
            for (Receiver r : receivers) {
                size += local ? r.locals : r.remotes;
            }
            long[] all = new long[size];
            int at = 0;
            for (Receiver r : receivers) {
                synchronized (r) {
                    int n = local ? r.locals : r.remotes;
                    System.arraycopy(local ? r.localLatencies : r.remoteLatencies, 0, all, at, n);
                    at += n;
                }
            }
            return all;
        }
    }
}
