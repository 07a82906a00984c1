package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user rate limit and a room's slow mode hold across nodes: a second node is no second allowance. */
class ClusterLimitsIT {
    static final int LIMIT = 4;
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, 2, Map.of("limits.rate_messages", Integer.toString(LIMIT),
                "limits.rate_window_seconds", "60"));
        a = cluster.node(0);
        b = cluster.node(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static JsonNode answer(WsClient client, String clientId) {
        return client.next(e -> clientId.equals(e.path("client_id").asText()), "answer to " + clientId);
    }

    @Test
    void theRateLimitCountsMessagesSentOnEveryNode() {
        UUID room = cluster.newForum();
        try (WsClient onA = WsClient.connect(a, "rate-user", roomPath(room));
             WsClient onB = WsClient.connect(b, "rate-user", roomPath(room))) {
            onA.next("room_state");
            onB.next("room_state");
            for (int i = 0; i < LIMIT; i++) {
                WsClient via = i % 2 == 0 ? onA : onB;
                via.send(send("ok " + i, "ok" + i));
                assertThat(answer(via, "ok" + i).path("event").asText()).isEqualTo("new_message");
            }
            for (WsClient via : new WsClient[] {onA, onB}) {
                String clientId = via == onA ? "over-a" : "over-b";
                via.send(send("one too many", clientId));
                JsonNode refused = answer(via, clientId);
                assertThat(refused.path("event").asText()).isEqualTo("error");
                assertThat(refused.path("code").asText()).isEqualTo("rate_limited");
                assertThat(refused.path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
            }
        }
    }

    @Test
    void theRateLimitIsSharedByRestAndWebSocketOnDifferentNodes() {
        UUID room = cluster.newForum();
        String token = Jwts.token("rest-rate");
        for (int i = 0; i < LIMIT; i++) {
            TestServer via = i % 2 == 0 ? a : b;
            assertThat(new Api(via).post("/community/rooms/" + room + "/messages/", token,
                    "{\"content\":\"rest " + i + "\",\"client_id\":\"r" + i + "\"}").status()).isEqualTo(201);
        }
        try (WsClient onB = WsClient.connect(b, "rest-rate", roomPath(room))) {
            onB.next("room_state");
            onB.send(send("refused", "ws-over"));
            assertThat(answer(onB, "ws-over").path("code").asText()).isEqualTo("rate_limited");
        }
        var refused = new Api(a).post("/community/rooms/" + room + "/messages/", token, "{\"content\":\"again\"}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).isNotNull();
    }

    @Test
    void slowModeHoldsAcrossNodes() {
        UUID room = cluster.newForum();
        a.sql("UPDATE rooms SET slow_mode_seconds = 60 WHERE id = ?", room);
        try (WsClient onA = WsClient.connect(a, "slow-user", roomPath(room));
             WsClient onB = WsClient.connect(b, "slow-user", roomPath(room))) {
            onA.next("room_state");
            onB.next("room_state");
            onA.send(send("first", "s1"));
            assertThat(answer(onA, "s1").path("event").asText()).isEqualTo("new_message");
            onB.send(send("second", "s2"));
            JsonNode refused = answer(onB, "s2");
            assertThat(refused.path("code").asText()).isEqualTo("slow_mode");
            assertThat(refused.path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
        }
    }
}
