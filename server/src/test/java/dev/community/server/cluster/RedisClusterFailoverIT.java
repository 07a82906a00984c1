package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.cluster.redis.RedisKeys;
import dev.community.server.support.Api;
import dev.community.server.support.RedisClusterProcess;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on a Redis Cluster of three masters and three replicas (local redis-server processes). The rooms'
 * sharded channels are spread over the three shards; a master is killed ({@code kill -9}) mid-traffic, its
 * replica is promoted, and afterwards nothing acknowledged is lost or doubled, every member has every message in
 * order (gaps repaired from storage), and presence, tokens and the shared limits work again on the promoted shard.
 */
class RedisClusterFailoverIT {
    @TempDir
    static Path dir;
    static RedisClusterProcess redis;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void startCluster() throws Exception {
        TestRedis.require();
        redis = RedisClusterProcess.start(Files.createDirectories(dir.resolve("redis")), 3, 1);
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
    void aMasterKilledMidTrafficLosesNothingAcknowledgedAndItsReplicaTakesOver() throws Exception {
        assertThat(a.server().cluster().sharded()).isTrue();
        RedisKeys keys = new RedisKeys(cluster.prefix());
        Channels names = new Channels(cluster.prefix());
        List<RedisClusterProcess.Node> masters = redis.masters();
        assertThat(masters).hasSize(3);
        // Two rooms per shard: the rooms' channels (and presence keys) live on every master.
        List<UUID> rooms = new ArrayList<>();
        Map<String, Integer> perShard = new java.util.HashMap<>();
        while (rooms.size() < 6) {
            UUID room = cluster.newForum();
            String owner = redis.ownerOf(names.room(room)).id();
            if (perShard.merge(owner, 1, Integer::sum) <= 2) {
                rooms.add(room);
            }
        }
        RedisClusterProcess.Node victim = redis.ownerOf(names.room(rooms.get(0)));

        try (FailoverTraffic traffic = new FailoverTraffic(a, b, rooms, "rcf")) {
            // Every shard carries some of the rooms' subscriptions.
            Set<Integer> subscribedShards = new HashSet<>();
            for (RedisClusterProcess.Node master : masters) {
                long channels = TestRedis.call(master.url(), r -> r.pubsubShardChannels()).stream()
                        .filter(channel -> channel.startsWith(cluster.prefix() + "room:")).count();
                if (channels > 0) {
                    subscribedShards.add(master.port());
                }
            }
            assertThat(subscribedShards).hasSize(3);

            traffic.start();
            traffic.awaitMore(60);
            int atKill = traffic.acknowledged();
            victim.process().kill();
            long killed = System.nanoTime();
            // The replica is promoted and owns the victim's slots; both nodes resubscribe and catch up.
            // (no owner while the master is failing and the replica not yet elected)
            Awaitility.await().atMost(FailoverTraffic.WAIT).ignoreExceptions().until(() ->
                    redis.ownerOf(names.room(rooms.get(0))) != victim);
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
            assertThat(refused).as("PostgreSQL decides: no send is refused because a Redis master died").isEmpty();
        }
        RedisClusterProcess.Node promoted = redis.ownerOf(names.room(rooms.get(0)));
        assertThat(promoted.id()).isNotEqualTo(victim.id());

        // Presence on the promoted shard: a user who joins through B, with a token issued by A, is seen on A.
        UUID room = rooms.get(0);
        try (WsClient watcher = WsClient.connect(a, "rcf-presence-a", roomPath(room))) {
            watcher.next("room_state");
            String token = new Api(a).connectionToken("rcf-late");
            try (WsClient late = WsClient.open(b.ws(roomPath(room) + "?connection_token=" + token))) {
                late.next("room_state");
                JsonNode joined = watcher.next(e -> "user_joined".equals(e.path("event").asText())
                        && "rcf-late".equals(e.path("user").path("id").asText()), "rcf-late joining");
                assertThat(joined.path("user").path("id").asText()).isEqualTo("rcf-late");
            }
        }

        // Slow mode (the limits' script) on the promoted shard holds across the nodes again.
        String user = userOnShard(keys, promoted);
        UUID slow = cluster.newForum();
        a.sql("UPDATE rooms SET slow_mode_seconds = 60 WHERE id = ?", slow);
        try (WsClient onA = WsClient.connect(a, user, roomPath(slow));
             WsClient onB = WsClient.connect(b, user, roomPath(slow))) {
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
        assertThat(ClusterChecks.metric(a, "community_cluster_redis_recoveries_total", null)).isGreaterThanOrEqualTo(1);
    }

    /** A user id whose rate-limit and slow-mode keys live on {@code shard}. */
    private static String userOnShard(RedisKeys keys, RedisClusterProcess.Node shard) {
        for (int i = 0; ; i++) {
            String user = "rcf-slow-" + i;
            if (redis.ownerOf(keys.rateLimit(user)).id().equals(shard.id())) {
                return user;
            }
        }
    }

    /** Noticed the outage, resubscribed, caught up from storage, and answers /ready. */
    private static boolean recovered(TestServer node) throws Exception {
        return ClusterChecks.metric(node, "community_cluster_redis_recoveries_total", null) >= 1
                && ClusterChecks.metric(node, "community_cluster_redis_up", null) == 1
                && ClusterChecks.admin(node, "/ready").statusCode() == 200;
    }
}
