package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.RedisProcess;
import dev.community.server.support.RedisSentinelProcesses;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Two nodes on a Sentinel-managed Redis ({@code redis-sentinel://} URL: one master, one replica, three Sentinels).
 * The master is killed ({@code kill -9}) mid-traffic; the Sentinels promote the replica, the nodes find it through
 * them, and afterwards nothing acknowledged is lost or doubled, every member has every message in order, and
 * presence, tokens and the shared limits work again.
 */
class RedisSentinelFailoverIT {
    @TempDir
    static Path dir;
    static RedisSentinelProcesses redis;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void startCluster() throws Exception {
        TestRedis.require();
        redis = RedisSentinelProcesses.start(Files.createDirectories(dir.resolve("redis")));
        cluster = TestCluster.start(dir, 0, Map.of("limits.rate_messages", "100000"));
        a = cluster.startNode(TestRedis.url(redis.url(), cluster.prefix()));
        b = cluster.startNode(TestRedis.url(redis.url(), cluster.prefix()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theMasterKilledMidTrafficLosesNothingAcknowledgedAndTheReplicaTakesOver() throws Exception {
        assertThat(a.server().cluster().sharded()).isFalse();
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rooms.add(cluster.newForum());
        }
        RedisProcess victim = redis.master();
        try (FailoverTraffic traffic = new FailoverTraffic(a, b, rooms, "rsf")) {
            traffic.start();
            traffic.awaitMore(60);
            int atKill = traffic.acknowledged();
            victim.kill();
            long killed = System.nanoTime();
            Awaitility.await().atMost(FailoverTraffic.WAIT).until(() -> redis.master() != victim);
            long promotedMs = (System.nanoTime() - killed) / 1_000_000;
            Awaitility.await().atMost(FailoverTraffic.WAIT).until(() ->
recovered(a) && recovered(b));
            long readyMs = (System.nanoTime() - killed) / 1_000_000;
            traffic.awaitMore(60);
            Map<String, String> refused = traffic.stopAndAudit();
            // The figures docs/CLUSTER.md and the reliability record quote.
            System.out.printf("%s: master killed after %d acks; promoted after %d ms, both nodes recovered after %d ms;"
                    + " %d acknowledged in all, %d refused, %d late acknowledgements, none lost%n", getClass().getSimpleName(), atKill,
                    promotedMs, readyMs, traffic.acknowledged(), refused.size(), traffic.lateAcks());
            assertThat(refused).as("PostgreSQL decides: no send is refused because the Redis master died").isEmpty();
        }
        RedisProcess promoted = redis.master();
        assertThat(promoted.port()).isNotEqualTo(victim.port());
        String replication = TestRedis.call(promoted.url(), r -> r.info("replication"));
        assertThat(replication).contains("role:master");

        // Presence through the promoted master: a user who joins through B, with a token issued by A, is seen on A.
        UUID room = rooms.get(0);
        try (WsClient watcher = WsClient.connect(a, "rsf-presence-a", roomPath(room))) {
            watcher.next("room_state");
            String token = new Api(a).connectionToken("rsf-late");
            try (WsClient late = WsClient.open(b.ws(roomPath(room) + "?connection_token=" + token))) {
                late.next("room_state");
                JsonNode joined = watcher.next(e -> "user_joined".equals(e.path("event").asText())
                        && "rsf-late".equals(e.path("user").path("id").asText()), "rsf-late joining");
                assertThat(joined.path("user").path("id").asText()).isEqualTo("rsf-late");
            }
        }

        // Slow mode (the limits' script) holds across the nodes again.
        UUID slow = cluster.newForum();
        a.sql("UPDATE rooms SET slow_mode_seconds = 60 WHERE id = ?", slow);
        try (WsClient onA = WsClient.connect(a, "rsf-slow", roomPath(slow));
             WsClient onB = WsClient.connect(b, "rsf-slow", roomPath(slow))) {
            onA.next("room_state");
            onB.next("room_state");
            onA.send(send("first", "s1"));
            assertThat(onA.next(e -> "s1".equals(e.path("client_id").asText()), "s1").path("event").asText())
                    .isEqualTo("new_message");
            onB.send(send("second", "s2"));
            assertThat(onB.next(e -> "s2".equals(e.path("client_id").asText()), "s2").path("code").asText())
                    .isEqualTo("slow_mode");
        }
        assertThat(ClusterChecks.metric(a, "community_cluster_redis_up", null)).isEqualTo(1);
        assertThat(ClusterChecks.metric(a, "community_cluster_redis_outages_total", null)).isGreaterThanOrEqualTo(1);
        assertThat(ClusterChecks.metric(a, "community_cluster_redis_recoveries_total", null)).isGreaterThanOrEqualTo(1);
    }

    /** Noticed the outage, resubscribed, caught up from storage, and answers /ready. */
    private static boolean recovered(TestServer node) throws Exception {
        return ClusterChecks.metric(node, "community_cluster_redis_recoveries_total", null) >= 1
                && ClusterChecks.metric(node, "community_cluster_redis_up", null) == 1
                && ClusterChecks.admin(node, "/ready").statusCode() == 200;
    }
}
