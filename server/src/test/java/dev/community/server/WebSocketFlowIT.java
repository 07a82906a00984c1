package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core WebSocket flow of PROTOCOL.md §2 against a real server on the embedded store. */
class WebSocketFlowIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        // A generous rate limit: these tests send more than 10 messages per user per minute.
        server = TestServer.start(dataDir, Map.of("limits.rate_messages", "1000",
                "server.allowed_origins", "https://lounge.example"));
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static UUID forum(String slug) {
        return server.server().context().storage().rooms().findBySlug(slug).orElseThrow().id();
    }

    /** A fresh public forum per test, so tests don't see each other's messages. */
    static UUID freshRoom() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return server.server().context().storage().rooms().create(slug, slug, RoomType.FORUM, Visibility.PUBLIC, "owner-1", "").id();
    }

    @Test
    void roomStateDescribesTheRoomAndWhoIsOnline() {
        UUID room = forum("general");
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room))) {
            JsonNode state = alice.next("room_state");
            assertThat(state.path("room").path("id").asText()).isEqualTo(room.toString());
            assertThat(state.path("room").path("slug").asText()).isEqualTo("general");
            assertThat(state.path("room").path("my_role").asText()).isEqualTo("member");
            assertThat(state.path("online_users").findValuesAsText("id")).contains("alice");
            assertThat(state.has("messages")).isTrue();
            assertThat(state.has("has_more")).isTrue();
            assertThat(state.has("last_seq")).isTrue();
        }
    }

    @Test
    void sendIsAcknowledgedToTheSenderAndBroadcastToOthers() {
        UUID room = freshRoom();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room));
             WsClient bob = WsClient.connect(server, "bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"hello bob\",\"client_id\":\"c-1\"}");
            JsonNode ack = alice.next("new_message");
            assertThat(ack.path("client_id").asText()).isEqualTo("c-1");
            assertThat(ack.path("message").path("content").asText()).isEqualTo("hello bob");
            assertThat(ack.path("message").path("seq").asLong()).isEqualTo(1);
            assertThat(ack.path("message").path("author").path("id").asText()).isEqualTo("alice");
            JsonNode broadcast = bob.next("new_message");
            assertThat(broadcast.path("message").path("id").asText()).isEqualTo(ack.path("message").path("id").asText());
            assertThat(broadcast.path("client_id").isNull()).isTrue();
        }
    }

    @Test
    void aSendRightAfterTheUpgradeIsAnsweredAfterRoomState() {
        UUID room = freshRoom();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room))) {
            // Sent before room_state arrived: the server reads it only once room_state is written, so room_state
            // never already holds the message and its acknowledgement always follows.
            alice.send("{\"type\":\"send_message\",\"content\":\"at once\",\"client_id\":\"early-1\"}");
            JsonNode state = alice.next("room_state");
            assertThat(state.path("messages").size()).isZero();
            assertThat(state.path("last_seq").asLong()).isZero();
            JsonNode ack = alice.next("new_message");
            assertThat(ack.path("client_id").asText()).isEqualTo("early-1");
            assertThat(ack.path("message").path("seq").asLong()).isEqualTo(1);
            assertThat(alice.seen().get(0).path("event").asText()).isEqualTo("room_state");
        }
    }

    @Test
    void resendingAClientIdReturnsTheStoredMessageAndStoresNothingNew() {
        UUID room = freshRoom();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room));
             WsClient bob = WsClient.connect(server, "bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"once\",\"client_id\":\"dup-1\"}");
            JsonNode first = alice.next("new_message");
            bob.next("new_message");
            alice.send("{\"type\":\"send_message\",\"content\":\"once\",\"client_id\":\"dup-1\"}");
            JsonNode second = alice.next("new_message");
            assertThat(second.path("message").path("id").asText()).isEqualTo(first.path("message").path("id").asText());
            assertThat(second.path("client_id").asText()).isEqualTo("dup-1");
            // Bob gets no second copy: the next thing he sees is a later message.
            alice.send("{\"type\":\"send_message\",\"content\":\"two\",\"client_id\":\"dup-2\"}");
            assertThat(bob.next("new_message").path("message").path("content").asText()).isEqualTo("two");
        }
        assertThat(server.server().context().storage().rooms().findById(room).orElseThrow().messageCount()).isEqualTo(2);
    }

    @Test
    void historyPagesBackwardsBySeq() {
        UUID room = freshRoom();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room))) {
            alice.next("room_state");
            for (int i = 1; i <= 7; i++) {
                alice.send("{\"type\":\"send_message\",\"content\":\"m" + i + "\",\"client_id\":\"h" + i + "\"}");
                alice.next("new_message");
            }
            alice.send("{\"type\":\"request_history\",\"limit\":3}");
            JsonNode newest = alice.next("message_history");
            assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
            assertThat(newest.path("has_more").asBoolean()).isTrue();
            alice.send("{\"type\":\"request_history\",\"before_seq\":5,\"limit\":3}");
            assertThat(seqs(alice.next("message_history"))).containsExactly(2L, 3L, 4L);
            alice.send("{\"type\":\"request_history\",\"before_seq\":2,\"limit\":3}");
            JsonNode oldest = alice.next("message_history");
            assertThat(seqs(oldest)).containsExactly(1L);
            assertThat(oldest.path("has_more").asBoolean()).isFalse();
        }
    }

    @Test
    void sinceSeqResumeDeliversExactlyTheMissedMessages() {
        UUID room = freshRoom();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room))) {
            alice.next("room_state");
            for (int i = 1; i <= 5; i++) {
                alice.send("{\"type\":\"send_message\",\"content\":\"r" + i + "\"}");
                alice.next("new_message");
            }
        }
        try (WsClient back = WsClient.connect(server, "bob", roomPath(room), 3L)) {
            JsonNode state = back.next("room_state");
            assertThat(seqs(state)).containsExactly(4L, 5L);
            assertThat(state.path("has_gap").asBoolean()).isFalse();
            assertThat(state.path("last_seq").asLong()).isEqualTo(5);
        }
    }

    @Test
    void ping() {
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(forum("help")))) {
            alice.next("room_state");
            alice.send("{\"type\":\"ping\"}");
            assertThat(alice.next("pong").path("event").asText()).isEqualTo("pong");
        }
    }

    @Test
    void invalidJsonGetsAnErrorAndTheConnectionStaysOpen() {
        UUID room = freshRoom();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room))) {
            alice.next("room_state");
            alice.send("{not json");
            assertThat(alice.next("error").path("code").asText()).isEqualTo("invalid_json");
            alice.send("{\"type\":\"dance\"}");
            assertThat(alice.next("error").path("code").asText()).isEqualTo("unknown_type");
            alice.send("{\"type\":\"send_message\",\"content\":\"   \",\"client_id\":\"e1\"}");
            JsonNode empty = alice.next("error");
            assertThat(empty.path("code").asText()).isEqualTo("empty_content");
            assertThat(empty.path("client_id").asText()).isEqualTo("e1");
            alice.send("{\"type\":\"send_message\",\"content\":\"still here\"}");
            assertThat(alice.next("new_message").path("message").path("content").asText()).isEqualTo("still here");
            assertThat(alice.isClosed()).isFalse();
        }
    }

    @Test
    void oversizedFrameClosesWith1009() {
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(forum("random")))) {
            alice.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"" + "x".repeat(17 * 1024) + "\"}");
            assertThat(alice.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void upgradeChecksAnswerPlainHttpInTheContractsOrder() throws Exception {
        UUID room = forum("general");
        String token = api.connectionToken("carol");
        assertThat(upgrade(roomPath(room) + "?connection_token=" + token, "https://evil.example"))
                .isEqualTo(403);
        assertThat(upgrade(roomPath(room) + "?connection_token=bogus", null)).isEqualTo(401);
        assertThat(upgrade(roomPath(UUID.randomUUID()) + "?connection_token=" + api.connectionToken("carol"), null))
                .isEqualTo(404);
        assertThat(upgrade("/ws/community/dm/" + room + "/?connection_token=" + api.connectionToken("carol"), null))
                .as("a forum is not a DM thread").isEqualTo(404);
        // A token is single use: the first upgrade spends it.
        String once = api.connectionToken("carol");
        try (WsClient ok = WsClient.open(server.ws(roomPath(room) + "?connection_token=" + once))) {
            ok.next("room_state");
        }
        assertThat(upgrade(roomPath(room) + "?connection_token=" + once, null)).isEqualTo(401);
        try (WsClient allowed = WsClient.open(server.ws(roomPath(room) + "?connection_token=" + api.connectionToken("carol")))) {
            allowed.next("room_state");
        }
    }

    private static int upgrade(String pathAndQuery, String origin) throws Exception {
        return dev.community.server.support.RawWebSocket.upgradeStatus(server.port(), pathAndQuery, origin);
    }

    private static List<Long> seqs(JsonNode event) {
        List<Long> seqs = new ArrayList<>();
        event.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }
}
