package dev.community.server.cluster;

import static dev.community.server.support.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user stream on three nodes sharing one PostgreSQL schema and one Redis: user-level events reach the user's
 * streams on every node, subscriptions get the room's messages sent on any node, and a ban on one node ends the
 * subscription on another (room_removed) while room sockets still close 4003.
 */
class StreamClusterIT {
    static final String STREAM = "/ws/community/stream/";

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;
    static TestServer c;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, 3, Map.of("limits.rate_messages", "100000"));
        a = cluster.node(0);
        b = cluster.node(1);
        c = cluster.node(2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static JsonNode next(WsClient client, String event, UUID room) {
        return client.next(node -> event.equals(node.path("event").asText())
                && room.toString().equals(node.path("room_id").asText()), event + " of " + room);
    }

    @Test
    void userLevelEventsAndSubscriptionsWorkAcrossNodesAndABanEndsTheSubscriptionEverywhere() {
        UUID room = cluster.newForum();
        String alice = "stream-alice-" + UUID.randomUUID().toString().substring(0, 6);
        String mod = "stream-mod-" + UUID.randomUUID().toString().substring(0, 6);
        Api onA = new Api(a);
        assertThat(onA.post("/community/rooms/" + room + "/join/", token(alice), null).status()).isEqualTo(200);
        try (WsClient streamOnB = WsClient.connect(b, alice, STREAM);
             WsClient streamOnC = WsClient.connect(c, alice, STREAM);
             WsClient roomSocketOnC = WsClient.connect(c, alice, WsClient.roomPath(room))) {
            for (WsClient stream : List.of(streamOnB, streamOnC)) {
                assertThat(stream.next("ready").path("rooms").findValuesAsText("id")).contains(room.toString());
            }
            roomSocketOnC.next("room_state");
            streamOnB.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            next(streamOnB, "room_state", room);

            // a message stored through node A: live on B's subscription, activity on C's unsubscribed stream
            assertThat(onA.post("/community/rooms/" + room + "/messages/", token(mod),
                    "{\"content\":\"hi @" + alice + "\",\"mentions\":[\"" + alice + "\"]}").status()).isEqualTo(201);
            assertThat(next(streamOnB, "new_message", room).path("message").path("content").asText())
                    .isEqualTo("hi @" + alice);
            assertThat(next(streamOnC, "mentioned", room).path("message").path("seq").asLong()).isEqualTo(1);
            JsonNode activity = next(streamOnC, "room_activity", room);
            assertThat(activity.path("last_seq").asLong()).isEqualTo(1);
            assertThat(activity.path("unread_mentions").asLong()).isEqualTo(1);

            // read on node A: both streams hear it
            assertThat(onA.post("/community/rooms/" + room + "/read/", token(alice), "{\"seq\":1}").status())
                    .isEqualTo(200);
            assertThat(next(streamOnB, "read_updated", room).path("last_read_seq").asLong()).isEqualTo(1);
            assertThat(next(streamOnC, "read_updated", room).path("last_read_seq").asLong()).isEqualTo(1);

            // a ban made on node A: the room socket on C closes 4003, both streams are told and stay open
            assertThat(onA.post("/community/rooms/" + room + "/moderation/", dev.community.server.support.Fixtures.staffToken(mod),
                    "{\"action\":\"ban\",\"target_user_id\":\"" + alice + "\"}").status()).isEqualTo(201);
            assertThat(roomSocketOnC.awaitClose()).isEqualTo(4003);
            assertThat(next(streamOnB, "room_removed", room).path("reason").asText()).isEqualTo("banned");
            assertThat(next(streamOnC, "room_removed", room).path("reason").asText()).isEqualTo("banned");
            streamOnB.send("{\"type\":\"ping\"}");
            streamOnB.next("pong");
            assertThat(onA.post("/community/rooms/" + room + "/messages/", token(mod),
                    "{\"content\":\"after\"}").status()).isEqualTo(201);
            streamOnB.send("{\"type\":\"send_message\",\"room_id\":\"" + room + "\",\"content\":\"x\"}");
            assertThat(next(streamOnB, "error", room).path("code").asText()).isEqualTo("not_found");
            assertThat(streamOnB.seen()).noneMatch(node -> "new_message".equals(node.path("event").asText())
                    && node.path("message").path("seq").asLong() == 2);
        }
    }
}
