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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grey failure: the way to PostgreSQL goes half-open — connections open and new ones accepted, but nothing answers,
 * as behind a dead router or a frozen host; no reset ever comes. Time-outs fire instead: /ready names the database
 * down, every send made meanwhile (the one stuck in a commit on a dead connection too) is answered
 * {@code unavailable}, the loops keep answering, and after the way heals the resends are stored once each.
 */
class HalfOpenDatabaseIT {
    /** Longer than the writer's network timeout (10 s) plus a pool connection timeout (3 s): the answer must come. */
    static final Duration ANSWER = Duration.ofSeconds(40);

    @TempDir
    Path dataDir;
    RelayedPostgres postgres;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        postgres = RelayedPostgres.create();
        server = TestServer.start(dataDir, postgres.settings(Map.of(
                "writer.threads", "1",
                "limits.rate_messages", "1000")));
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

    HttpResponse<String> admin(String path) {
        return CheckedHttp.send(HttpRequest.newBuilder(server.admin(path)).timeout(Duration.ofSeconds(10)).build());
    }

    @Test
    void timeOutsAnswerEverySendAndReadySaysTheDatabaseIsDown() throws Exception {
        UUID room = server.newForum();
        try (WsClient alice = WsClient.connect(server, "ho-alice", roomPath(room))) {
            alice.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"before\",\"client_id\":\"h0\"}");
            assertThat(alice.next("new_message").path("client_id").asText()).isEqualTo("h0");

            postgres.proxy.halfOpen(true);
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                ids.add("h" + i);
                alice.send(SendAnswers.send("h" + i));
            }
            Awaitility.await().atMost(ANSWER).until(() -> admin("/ready").statusCode() == 503);
            assertThat(admin("/ready").body()).contains("\"down\":[\"database\"]");
            assertThat(admin("/health").statusCode()).as("liveness: the process is fine, restarting it won't help")
                    .isEqualTo(200);
            alice.send("{\"type\":\"ping\"}");
            alice.next("pong");

            Set<String> acknowledged = new HashSet<>(List.of("h0"));
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
            assertThat(refused).as("nothing is acknowledged while the database answers nothing").hasSize(ids.size());
            assertThat(postgres.proxy.openSockets()).as("the stuck connections are still open: only time-outs tell")
                    .isPositive();

            // the way heals; the dead connections stay dead (as after a real half-open), new ones work
            postgres.proxy.reset();
            postgres.proxy.heal();
            Awaitility.await().atMost(ANSWER).until(() -> admin("/ready").statusCode() == 200);
            for (String id : ids) {
                JsonNode resent = SendAnswers.resendUntilAcknowledged(alice, id, ANSWER);
                assertThat(resent.path("message").path("content").asText()).isEqualTo("fault test " + id);
            }
            List<String> all = new ArrayList<>(ids);
            all.add(0, "h0");
            assertThat(postgres.storedClientIds(room, "ho-alice")).containsExactlyInAnyOrderElementsOf(all)
                    .doesNotHaveDuplicates();
            assertThat(acknowledged).containsExactly("h0");
        }
    }
}
