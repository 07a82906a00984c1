package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.assertContiguous;
import static dev.community.server.cluster.ClusterChecks.messages;
import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.cluster.ClusterChecks.seqs;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.RedisClusterProcess;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on a real Redis Cluster: the nodes find out it is one, use the cluster client (slot routing, one shard
 * per hash tag for the Lua scripts) and sharded pub/sub (SPUBLISH/SSUBSCRIBE).
 */
class RedisClusterIT {
    @TempDir
    static Path dir;
    static RedisClusterProcess redis;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void startCluster() throws Exception {
        TestRedis.require();
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        redis = RedisClusterProcess.start(redisDir);
        cluster = TestCluster.start(dir, 0, Map.of("limits.rate_messages", "3"));
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
    void nodesUseShardedPubSubAndDeliverAcrossNodesInOrder() {
        assertThat(a.server().cluster().sharded()).isTrue();
        UUID room = cluster.newForum();
        try (WsClient onA = WsClient.connect(a, "rc-a", roomPath(room));
             WsClient onB = WsClient.connect(b, "rc-b", roomPath(room))) {
            onA.next("room_state");
            onB.next("room_state");
            assertThat(onA.next("user_joined").path("user").path("id").asText()).isEqualTo("rc-b");
            for (int i = 0; i < 3; i++) {
                onA.send(send("a" + i, "a" + i));
                onB.send(send("b" + i, "b" + i));
            }
            assertContiguous(seqs(messages(onA, 6)), 1, 6);
            assertContiguous(seqs(messages(onB, 6)), 1, 6);
        }
    }

    @Test
    void tokensAndLimitsWorkAcrossNodesOnTheClusterScripts() {
        UUID room = cluster.newForum();
        String token = new Api(a).connectionToken("rc-limited");
        try (WsClient onB = WsClient.open(b.ws(roomPath(room) + "?connection_token=" + token))) {
            onB.next("room_state");
            for (int i = 0; i < 3; i++) {
                onB.send(send("m" + i, "m" + i));
            }
            messages(onB, 3);
            try (WsClient onA = WsClient.connect(a, "rc-limited", roomPath(room))) {
                onA.next("room_state");
                onA.send(send("over", "over"));
                JsonNode refused = onA.next(e -> "over".equals(e.path("client_id").asText()), "the answer");
                assertThat(refused.path("code").asText()).isEqualTo("rate_limited");
            }
        }
    }
}
