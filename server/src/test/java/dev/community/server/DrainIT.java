package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drain for a rolling deploy: not ready, no new connections, every socket closed with 1001 within the window. */
class DrainIT {
    @TempDir
    Path dataDir;

    @Test
    void drainClosesEverySocketWithinItsWindowAndRefusesNewOnes() throws Exception {
        try (TestServer server = TestServer.start(dataDir, Map.of("admin.token", "drain-token-0123456789abcdef0123456789"))) {
            UUID room = server.forum("general");
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                WsClient c = WsClient.connect(server, "drain-" + i, roomPath(room));
                c.next("room_state");
                clients.add(c);
            }
            long started = System.nanoTime();
            var response = CheckedHttp.send(HttpRequest.newBuilder(server.admin("/admin/drain"))
                    .header("Authorization", "Bearer drain-token-0123456789abcdef0123456789")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"window_seconds\":2}")).build());
            assertThat(response.statusCode()).isEqualTo(202);
            var ready = CheckedHttp.send(HttpRequest.newBuilder(server.admin("/ready")).build());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("draining");
            for (WsClient c : clients) {
                assertThat(c.awaitClose()).isEqualTo(1001);
            }
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(elapsedMillis).as("spread over the window, and within it").isBetween(1500L, 6000L);
            assertThatThrownBy(() -> WsClient.connect(server, "late", roomPath(room)))
                    .as("the node no longer accepts connections");
            clients.forEach(WsClient::close);
        }
    }
}
