package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DM threads over ws/community/dm/{thread_id}/: the same frames and events, for participants only. */
class DirectMessageSocketIT {
    @TempDir
    Path dataDir;

    @Test
    void participantsChatAndEveryoneElseIsRefused() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            Api api = new Api(server);
            new dev.community.server.support.Fixtures(server).seen("dm-bob");
            var created = api.post("/community/dm/", Jwts.token("dm-ann"), "{\"participant_ids\":[\"dm-bob\"]}");
            assertThat(created.status()).isEqualTo(201);
            String thread = created.json().path("id").asText();
            String path = "/ws/community/dm/" + thread + "/";
            try (WsClient ann = WsClient.connect(server, "dm-ann", path);
                 WsClient bob = WsClient.connect(server, "dm-bob", path)) {
                assertThat(ann.next("room_state").path("room").path("room_type").asText()).isEqualTo("dm");
                bob.next("room_state");
                ann.send("{\"type\":\"typing\",\"is_typing\":true}");
                assertThat(bob.next("typing").path("user").path("id").asText()).isEqualTo("dm-ann");
                ann.send("{\"type\":\"send_message\",\"content\":\"just between us\",\"client_id\":\"p1\"}");
                assertThat(ann.next("new_message").path("client_id").asText()).isEqualTo("p1");
                assertThat(bob.next("new_message").path("message").path("content").asText()).isEqualTo("just between us");
            }
            int status = RealtimeContractIT.upgradeStatusOn(server, path + "?connection_token=" + api.connectionToken("dm-eve"));
            assertThat(status).as("not a participant").isEqualTo(403);
            int asRoom = RealtimeContractIT.upgradeStatusOn(server,
                    "/ws/community/room/" + thread + "/?connection_token=" + api.connectionToken("dm-ann"));
            assertThat(asRoom).as("a DM thread is not a room path").isEqualTo(404);
        }
    }
}
