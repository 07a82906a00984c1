package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.RelayedPostgres;
import dev.community.server.support.SendAnswers;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grey failure: PostgreSQL answering each round trip in about a second (500 ms of relay latency each way). The
 * writer's bounded queue fills; the sends beyond it are refused at once with {@code unavailable} while the database
 * is still slow, the event loops keep answering (a ping gets its pong meanwhile), and once the database is fast again
 * every acknowledged message is stored exactly once and the refused ones, resent, are stored once too.
 */
class SlowDatabaseIT {
    static final int QUEUE = 10;
    static final int SENDS = 60;
    static final Duration ANSWER = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    RelayedPostgres postgres;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        postgres = RelayedPostgres.create();
        server = TestServer.start(dataDir, postgres.settings(Map.of(
                "writer.queue_capacity", String.valueOf(QUEUE),
                "writer.batch_size", "5",
                "writer.threads", "1",
                "limits.rate_messages", "1000",
                "limits.ws_requests_per_second", "1000",
                "limits.ws_requests_burst", "1000")));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aFullWriterQueueRefusesFastAndNothingAcknowledgedIsLostOrDoubled() throws Exception {
        UUID room = server.newForum();
        try (WsClient alice = WsClient.connect(server, "slow-alice", roomPath(room))) {
            alice.next("room_state");
            postgres.proxy.latency(Duration.ofMillis(500));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SENDS; i++) {
                ids.add("m" + i);
                alice.send(SendAnswers.send("m" + i));
            }
            // refusals come while the database is still slow: the writer's queue, not the database, answers them
            JsonNode firstRefusal = alice.next(e -> "error".equals(e.path("event").asText()), "a refusal");
            assertThat(firstRefusal.path("code").asText()).isEqualTo("unavailable");
            assertThat(server.counter("community.writer.queue.full")).as("refused by the full queue").isPositive();
            alice.send("{\"type\":\"ping\"}");
            alice.next("pong");
            assertThat(CheckedHttp.send(HttpRequest.newBuilder(server.admin("/health")).build()).statusCode())
                    .isEqualTo(200);

            Set<String> acknowledged = new HashSet<>();
            List<String> refused = new ArrayList<>();
            for (String id : ids) {
                JsonNode answer = SendAnswers.await(alice, id, ANSWER);
                if (SendAnswers.acknowledged(answer)) {
                    acknowledged.add(id);
                } else {
                    assertThat(SendAnswers.kind(answer)).as(id).isEqualTo("error:unavailable");
                    refused.add(id);
                }
            }
            postgres.proxy.heal();
            assertThat(acknowledged).as("the queue took some").hasSizeGreaterThanOrEqualTo(QUEUE);
            assertThat(refused).as("and refused the rest").isNotEmpty();
            assertThat(postgres.storedClientIds(room, "slow-alice")).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(acknowledged);

            // resending everything (the acknowledged ones too) stores each refused message once and nothing twice
            for (String id : ids) {
                SendAnswers.resendUntilAcknowledged(alice, id, ANSWER);
            }
            assertThat(postgres.storedClientIds(room, "slow-alice")).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
