package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged means durable: everything acked before a restart is there after it, and nothing twice. */
class RestartIT {
    @TempDir
    Path dataDir;

    @Test
    void acknowledgedMessagesSurviveARestartAndClientIdsStayIdempotent() throws Exception {
        Map<String, String> settings = Map.of("limits.rate_messages", "1000");
        UUID room;
        List<String> acked = new ArrayList<>();
        try (TestServer first = TestServer.start(dataDir, settings)) {
            room = first.server().context().storage().rooms().findBySlug("general").orElseThrow().id();
            try (WsClient alice = WsClient.connect(first, "alice", roomPath(room))) {
                alice.next("room_state");
                for (int i = 0; i < 20; i++) {
                    alice.send("{\"type\":\"send_message\",\"content\":\"durable " + i + "\",\"client_id\":\"k" + i + "\"}");
                }
                for (int i = 0; i < 20; i++) {
                    acked.add(alice.next("new_message").path("message").path("id").asText());
                }
            }
        }
        try (TestServer second = TestServer.start(dataDir, settings)) {
            assertThat(second.server().context().storage().rooms().findBySlug("general").orElseThrow().id())
                    .as("default forums are created once").isEqualTo(room);
            try (WsClient alice = WsClient.connect(second, "alice", roomPath(room), 0L)) {
                JsonNode state = alice.next("room_state");
                List<String> ids = new ArrayList<>();
                state.path("messages").forEach(m -> ids.add(m.path("id").asText()));
                assertThat(ids).containsExactlyElementsOf(acked);
                alice.send("{\"type\":\"send_message\",\"content\":\"durable 3\",\"client_id\":\"k3\"}");
                JsonNode again = alice.next("new_message");
                assertThat(again.path("message").path("id").asText()).isEqualTo(acked.get(3));
            }
            assertThat(second.server().context().storage().rooms().findById(room).orElseThrow().messageCount())
                    .isEqualTo(20);
        }
    }
}
