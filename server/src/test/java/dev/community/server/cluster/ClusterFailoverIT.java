package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.assertContiguous;
import static dev.community.server.cluster.ClusterChecks.messages;
import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.cluster.ClusterChecks.seqs;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.TcpProxy;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node goes away and its clients resume on another node with since_seq: nobody misses a message that was
 * acknowledged, even the ones the departed node stored but never managed to publish.
 */
class ClusterFailoverIT {
    @TempDir
    Path dir;
    TcpProxy redisOfA;
    TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redisOfA != null) {
            redisOfA.close();
        }
    }

    @Test
    void clientsOfAStoppedNodeResumeOnAnotherWithoutMissingAnAcknowledgedMessage() throws Exception {
        TestRedis.require();
        redisOfA = new TcpProxy(TestRedis.host(), TestRedis.port());
        cluster = TestCluster.start(dir, 0, Map.of("limits.rate_messages", "100000"));
        TestServer a = cluster.startNode(TestRedis.url("redis://127.0.0.1:" + redisOfA.port(), cluster.prefix()));
        TestServer b = cluster.startNode(TestRedis.url(TestRedis.URL, cluster.prefix()));
        UUID room = cluster.newForum();

        WsClient alice = WsClient.connect(a, "fo-alice", roomPath(room));
        WsClient dave = WsClient.connect(a, "fo-dave", roomPath(room));
        try (WsClient bob = WsClient.connect(b, "fo-bob", roomPath(room))) {
            alice.next("room_state");
            dave.next("room_state");
            bob.next("room_state");
            for (int i = 1; i <= 5; i++) {
                alice.send(send("f" + i, "f" + i));
            }
            assertContiguous(seqs(messages(alice, 5)), 1, 5);
            assertContiguous(seqs(messages(bob, 5)), 1, 5);

            // A loses Redis (only A): what it stores now is acknowledged to its clients but never published.
            redisOfA.cut();
            List<Long> aliceSaw = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L));
            for (int i = 6; i <= 8; i++) {
                String id = "f" + i;
                alice.send(send(id, id));
                JsonNode ack = alice.next(e -> id.equals(e.path("client_id").asText()), "the acknowledgement of " + id);
                assertThat(ack.path("event").asText()).isEqualTo("new_message");
                aliceSaw.add(ack.path("message").path("seq").asLong());
            }
            assertContiguous(aliceSaw, 1, 8);
            long daveLast = seqs(messages(dave, 8)).get(7);

            // A stops (a drain or a deploy); its clients are closed with 1001 and reconnect to B.
            a.close();
            assertThat(alice.awaitClose()).isEqualTo(1001);
            assertThat(dave.awaitClose()).isEqualTo(1001);
            try (WsClient aliceAgain = WsClient.connect(b, "fo-alice", roomPath(room), 8L);
                 WsClient daveAgain = WsClient.connect(b, "fo-dave", roomPath(room), 3L)) {
                assertThat(aliceAgain.next("room_state").path("messages")).isEmpty();
                JsonNode daveState = daveAgain.next("room_state");
                assertThat(seqsOf(daveState.path("messages"))).containsExactly(4L, 5L, 6L, 7L, 8L);
                assertThat(daveLast).isEqualTo(8);

                // bob stayed on B: the resumes told B how far the room is, and B filled 6..8 from storage.
                assertContiguous(seqs(messages(bob, 3)), 6, 8);
                bob.send(send("after", "after"));
                assertThat(seqs(messages(aliceAgain, 1))).containsExactly(9L);
                assertThat(seqs(messages(daveAgain, 1))).containsExactly(9L);
                assertThat(seqs(messages(bob, 1))).containsExactly(9L);
            }
        } finally {
            alice.close();
            dave.close();
        }
    }

    private static List<Long> seqsOf(JsonNode messages) {
        List<Long> seqs = new ArrayList<>();
        messages.forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }
}
