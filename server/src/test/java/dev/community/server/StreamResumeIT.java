package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user stream across a server restart: a client resumes each of its rooms with its own since_seq and gets
 * every message it missed, each once, in seq order, whether it was stored before the restart or after it.
 */
class StreamResumeIT {
    static final String STREAM = "/ws/community/stream/";
    static final int ROOMS = 3;

    @TempDir
    Path dataDir;

    @Test
    void severalRoomsResumeAfterARestartWithEveryMessageOnce() throws Exception {
        Map<String, String> settings = Map.of("limits.rate_messages", "1000");
        String alice = "resume-alice";
        String bob = "resume-bob";
        List<UUID> rooms = new ArrayList<>();
        Map<UUID, Long> held = new HashMap<>();
        Map<UUID, List<Long>> received = new HashMap<>();
        try (TestServer first = TestServer.start(dataDir, settings)) {
            Api api = new Api(first);
            Fixtures fx = new Fixtures(first);
            for (int i = 0; i < ROOMS; i++) {
                UUID room = fx.room(bob, RoomType.FORUM, Visibility.PUBLIC);
                rooms.add(room);
                fx.member(room, alice, "member");
                received.put(room, new ArrayList<>());
            }
            try (WsClient client = WsClient.connect(first, alice, STREAM)) {
                client.next("ready");
                for (UUID room : rooms) {
                    client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
                    client.next(node -> "room_state".equals(node.path("event").asText())
                            && room.toString().equals(node.path("room_id").asText()), "room_state");
                }
                for (UUID room : rooms) {
                    for (int n = 0; n < 3; n++) {
                        post(api, room, bob, "before " + n);
                    }
                }
                for (int i = 0; i < ROOMS * 3; i++) {
                    JsonNode message = client.next("new_message");
                    UUID room = UUID.fromString(message.path("room_id").asText());
                    received.get(room).add(message.path("message").path("seq").asLong());
                    held.put(room, message.path("message").path("seq").asLong());
                }
            }
            // missed while the client is away: a different number in each room
            for (int i = 0; i < ROOMS; i++) {
                for (int n = 0; n <= i; n++) {
                    post(api, rooms.get(i), bob, "missed " + n);
                }
            }
        }
        try (TestServer second = TestServer.start(dataDir, settings)) {
            Api api = new Api(second);
            try (WsClient client = WsClient.connect(second, alice, STREAM)) {
                JsonNode ready = client.next("ready");
                for (int i = 0; i < ROOMS; i++) {
                    UUID room = rooms.get(i);
                    long lastSeq = -1;
                    for (JsonNode summary : ready.path("rooms")) {
                        if (summary.path("room").path("id").asText().equals(room.toString())) {
                            lastSeq = summary.path("last_seq").asLong();
                        }
                    }
                    assertThat(lastSeq).as("ready's last_seq of room " + i).isEqualTo(3 + i + 1);
                }
                for (UUID room : rooms) {
                    client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\",\"since_seq\":" + held.get(room)
                            + "}");
                }
                // each subscription is admitted on its own: their room_states may come in any order
                Set<UUID> answered = new HashSet<>();
                for (int i = 0; i < ROOMS; i++) {
                    JsonNode state = client.next("room_state");
                    UUID room = UUID.fromString(state.path("room_id").asText());
                    assertThat(answered.add(room)).as("one room_state per subscription").isTrue();
                    assertThat(state.path("has_gap").asBoolean()).isFalse();
                    state.path("messages").forEach(m -> received.get(room).add(m.path("seq").asLong()));
                }
                assertThat(answered).containsExactlyInAnyOrderElementsOf(rooms);
                // and live after the resume
                for (UUID room : rooms) {
                    post(api, room, bob, "after");
                }
                for (int i = 0; i < ROOMS; i++) {
                    JsonNode message = client.next("new_message");
                    received.get(UUID.fromString(message.path("room_id").asText()))
                            .add(message.path("message").path("seq").asLong());
                }
                client.send("{\"type\":\"ping\"}");
                client.next("pong");
                for (JsonNode extra : client.pending()) {
                    assertThat(extra.path("event").asText()).isNotEqualTo("new_message");
                }
            }
        }
        for (int i = 0; i < ROOMS; i++) {
            List<Long> expected = new ArrayList<>();
            for (long seq = 1; seq <= 3 + (i + 1) + 1; seq++) {
                expected.add(seq);
            }
            assertThat(received.get(rooms.get(i))).as("room " + i).containsExactlyElementsOf(expected);
        }
    }

    private static void post(Api api, UUID room, String author, String content) {
        assertThat(api.post("/community/rooms/" + room + "/messages/", token(author),
                "{\"content\":\"" + content + "\"}").status()).isEqualTo(201);
    }
}
