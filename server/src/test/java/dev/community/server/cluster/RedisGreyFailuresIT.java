package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.assertContiguous;
import static dev.community.server.cluster.ClusterChecks.messages;
import static dev.community.server.cluster.ClusterChecks.seqs;
import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.server.support.SendAnswers;
import dev.community.server.support.TcpProxy;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grey failures of Redis under two nodes (both reach it through one fault-injecting relay): a slow Redis (500 ms
 * round trips) slows delivery across nodes but every member still gets every message once, in seq order; a half-open
 * Redis (accepted, never answering) is noticed by time-outs — /ready names redis on both nodes while sends keep being
 * answered — and once the way heals, every member has every stored message.
 */
class RedisGreyFailuresIT {
    static final Duration WAIT = Duration.ofSeconds(60);
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

    @AfterEach
    void heal() {
        redis.heal();
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
    void slowRedisDelaysDeliveryButKeepsOrderAndCompleteness() throws Exception {
        UUID room = cluster.newForum();
        try (WsClient alice = WsClient.connect(a, "slow-redis-alice", roomPath(room));
             WsClient bob = WsClient.connect(b, "slow-redis-bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            redis.latency(Duration.ofMillis(250));
            int each = 15;
            for (int i = 0; i < each; i++) {
                alice.send(send("a" + i, "a" + i));
                bob.send(send("b" + i, "b" + i));
            }
            List<JsonNode> seenByAlice = messages(alice, 2 * each);
            List<JsonNode> seenByBob = messages(bob, 2 * each);
            assertContiguous(seqs(seenByAlice), 1, 2 * each);
            assertContiguous(seqs(seenByBob), 1, 2 * each);
            assertThat(contents(seenByAlice)).as("both members saw one history").isEqualTo(contents(seenByBob));
            assertThat(contents(seenByAlice).stream().filter(c -> c.startsWith("a")).toList())
                    .as("each sender's messages in the order sent")
                    .isEqualTo(java.util.stream.IntStream.range(0, each).mapToObj(i -> "a" + i).toList());
            assertThat(contents(seenByAlice).stream().filter(c -> c.startsWith("b")).toList())
                    .isEqualTo(java.util.stream.IntStream.range(0, each).mapToObj(i -> "b" + i).toList());
        }
    }

    static List<String> contents(List<JsonNode> newMessages) {
        return newMessages.stream().map(e -> e.path("message").path("content").asText()).toList();
    }

    /** seq → content of the first new_message of each seq this client received, asserting they arrived in seq order. */
    static Map<Long, String> delivered(WsClient client) {
        client.pending();
        Map<Long, String> bySeq = new LinkedHashMap<>();
        for (JsonNode event : client.seen()) {
            if ("new_message".equals(event.path("event").asText())) {
                bySeq.putIfAbsent(event.path("message").path("seq").asLong(),
                        event.path("message").path("content").asText());
            }
        }
        return bySeq;
    }

    @Test
    void halfOpenRedisIsNoticedByTimeOutsAndNothingIsMissedAfterwards() throws Exception {
        UUID room = cluster.newForum();
        try (WsClient alice = WsClient.connect(a, "ho-redis-alice", roomPath(room));
             WsClient bob = WsClient.connect(b, "ho-redis-bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            redis.halfOpen(true);
            Awaitility.await().atMost(WAIT).until(() -> ready(a) == 503 && ready(b) == 503);
            assertThat(ClusterChecks.admin(a, "/ready").body()).contains("\"down\":[\"redis\"]");
            assertThat(ClusterChecks.admin(b, "/health").statusCode()).isEqualTo(200);

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add("ha" + i);
                alice.send(SendAnswers.send("ha" + i));
                ids.add("hb" + i);
                bob.send(SendAnswers.send("hb" + i));
            }
            List<String> refused = new ArrayList<>();
            for (String id : ids) {
                WsClient author = id.startsWith("ha") ? alice : bob;
                JsonNode answer = SendAnswers.await(author, id, WAIT);
                if (!SendAnswers.acknowledged(answer)) {
                    assertThat(SendAnswers.kind(answer)).as(id).isEqualTo("error:unavailable");
                    refused.add(id);
                }
            }

            // the way heals; the stuck connections are reset (a real half-open one never comes back by itself)
            redis.reset();
            redis.heal();
            Awaitility.await().atMost(WAIT).until(() -> ready(a) == 200 && ready(b) == 200);
            for (String id : refused) {
                SendAnswers.resendUntilAcknowledged(id.startsWith("ha") ? alice : bob, id, WAIT);
            }
            List<Message> stored = a.server().context().storage().messages().latest(room, 100);
            assertThat(stored).hasSize(ids.size());
            Map<Long, String> expected = new LinkedHashMap<>();
            stored.stream().sorted(java.util.Comparator.comparingLong(Message::seq))
                    .forEach(m -> expected.put(m.seq(), m.content()));
            for (WsClient member : List.of(alice, bob)) {
                Awaitility.await().atMost(WAIT).until(() -> delivered(member).size() == ids.size());
                assertThat(delivered(member)).as("every stored message, once, in seq order")
                        .containsExactlyEntriesOf(expected);
            }
        }
    }
}
