package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.assertContiguous;
import static dev.community.server.cluster.ClusterChecks.messages;
import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.cluster.ClusterChecks.seqs;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.server.support.TcpProxy;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away mid-traffic and comes back (both nodes reach it through a relay the test cuts, which to them is a
 * Redis restart: connections and subscriptions drop, publications in flight are lost). Each node keeps serving its
 * own connections, /ready and the metrics say so, and afterwards no member misses a stored message.
 */
class ClusterOutageIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    static TcpProxy redis;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void startCluster() throws Exception {
        TestRedis.require();
        redis = new TcpProxy(TestRedis.host(), TestRedis.port());
        cluster = TestCluster.start(dir, 0, Map.of("limits.rate_messages", "100000"));
        String throughRelay = TestRedis.url("redis://127.0.0.1:" + redis.port(), cluster.prefix());
        a = cluster.startNode(throughRelay);
        b = cluster.startNode(throughRelay);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static int ready(TestServer node) throws Exception {
        return ClusterChecks.admin(node, "/ready").statusCode();
    }

    @Test
    void noStoredMessageIsMissingAfterRedisWentAwayMidTraffic() throws Exception {
        UUID room = cluster.newForum();
        try (WsClient alice = WsClient.connect(a, "out-alice", roomPath(room));
             WsClient bob = WsClient.connect(b, "out-bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");

            // Phase 1: traffic from both nodes, and Redis goes away while it is still in flight.
            for (int i = 0; i < 5; i++) {
                alice.send(send("a" + i, "a" + i));
                bob.send(send("b" + i, "b" + i));
            }
            redis.cut();
            Awaitility.await().atMost(WAIT).until(() -> ready(a) == 503 && ready(b) == 503);
            assertThat(ClusterChecks.admin(a, "/ready").body()).contains("\"redis\":\"down\"", "\"database\":\"up\"");
            assertThat(ClusterChecks.metric(a, "community_cluster_redis_up", null)).isZero();

            // Phase 2: Redis is down. B keeps storing and acknowledging; A keeps accepting connections.
            for (int i = 5; i < 10; i++) {
                String id = "b" + i;
                bob.send(send(id, id));
                JsonNode answer = bob.next(e -> id.equals(e.path("client_id").asText()), "the answer to " + id);
                assertThat(answer.path("event").asText()).as("stored and acknowledged while Redis is down")
                        .isEqualTo("new_message");
            }
            WsClient carol = WsClient.connect(a, "out-carol", roomPath(room));
            JsonNode carolState = carol.next("room_state").path("messages");
            long carolFrom = carolState.isEmpty() ? 0 : carolState.get(carolState.size() - 1).path("seq").asLong();

            // Phase 3: Redis is back; traffic from both nodes again.
            redis.restore();
            Awaitility.await().atMost(WAIT).until(() -> ready(a) == 200 && ready(b) == 200);
            for (int i = 5; i < 10; i++) {
                alice.send(send("a" + i, "a" + i));
            }
            for (int i = 10; i < 15; i++) {
                bob.send(send("b" + i, "b" + i));
            }

            int total = 25;
            List<Long> stored = new ArrayList<>();
            Awaitility.await().atMost(WAIT).until(() -> {
                stored.clear();
                a.server().context().storage().messages().latest(room, 100).stream().map(Message::seq).forEach(stored::add);
                return stored.size() == total;
            });
            assertContiguous(stored, 1, total);
            assertContiguous(seqs(messages(alice, total)), 1, total);
            assertContiguous(seqs(bobsMessages(bob, total)), 1, total);
            assertContiguous(seqs(messages(carol, (int) (total - carolFrom))), carolFrom + 1, total);
            carol.close();
        }
        assertThat(ClusterChecks.metric(a, "community_cluster_redis_outages_total", null)).isGreaterThanOrEqualTo(1);
        assertThat(ClusterChecks.metric(b, "community_cluster_redis_recoveries_total", null)).isGreaterThanOrEqualTo(1);
    }

    /** bob's new_message events: the acknowledgements already taken in phase 2 first, then the rest. */
    private static List<JsonNode> bobsMessages(WsClient bob, int total) {
        List<JsonNode> all = new ArrayList<>();
        bob.pending();
        for (JsonNode event : bob.seen()) {
            if ("new_message".equals(event.path("event").asText())) {
                all.add(event);
            }
        }
        while (all.size() < total) {
            all.add(bob.next("new_message"));
        }
        return all;
    }
}
