package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.SharedServerBase;
import dev.community.server.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Messages carry the caller's own reactions (my_reactions) wherever they are rendered for one caller — REST,
 * room_state, a resume, request_history — and reactions_updated says whose reaction changed, so a client keeps
 * its own set live (issue 21 item 1: own reactions survive a reload).
 */
class MyReactionsIT extends SharedServerBase {

    static String react(UUID room, UUID message) {
        return "/community/rooms/" + room + "/messages/" + message + "/react/";
    }

    static List<String> mine(JsonNode message) {
        List<String> emoji = new ArrayList<>();
        message.path("my_reactions").forEach(e -> emoji.add(e.asText()));
        return emoji;
    }

    static JsonNode find(JsonNode messages, UUID id) {
        for (JsonNode m : messages) {
            if (m.path("id").asText().equals(id.toString())) {
                return m;
            }
        }
        throw new AssertionError("no message " + id + " in " + messages);
    }

    @Test
    void ownReactionsShowOnRestRoomStateResumeAndHistoryAndTheLiveEventNamesWhose() {
        String owner = uid("owner");
        String me = uid("me");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.member(room, me, "member");
        Message liked = fx.message(room, owner, "like me");
        Message plain = fx.message(room, owner, "nobody reacts");
        assertThat(api.post(react(room, liked.id()), token(me), "{\"emoji\":\"👍\"}").status()).isEqualTo(200);
        assertThat(api.post(react(room, liked.id()), token(me), "{\"emoji\":\"🎉\"}").status()).isEqualTo(200);
        assertThat(api.post(react(room, liked.id()), token(owner), "{\"emoji\":\"❤️\"}").status()).isEqualTo(200);
        List<String> both = new ArrayList<>(List.of("👍", "🎉"));
        both.sort(null);

        JsonNode rest = api.get("/community/rooms/" + room + "/messages/", token(me)).json().path("results");
        assertThat(mine(find(rest, liked.id()))).isEqualTo(both);
        assertThat(find(rest, plain.id()).has("my_reactions")).as("[] rather than absent").isTrue();
        assertThat(mine(find(rest, plain.id()))).isEmpty();
        JsonNode ownersView = api.get("/community/rooms/" + room + "/messages/", token(owner)).json().path("results");
        assertThat(mine(find(ownersView, liked.id()))).containsExactly("❤️");

        try (WsClient socket = WsClient.connect(server, me, roomPath(room))) {
            JsonNode state = socket.next("room_state");
            assertThat(mine(find(state.path("messages"), liked.id()))).isEqualTo(both);
            assertThat(mine(find(state.path("messages"), plain.id()))).isEmpty();

            socket.send("{\"type\":\"request_history\",\"before_seq\":" + plain.seq() + ",\"limit\":5}");
            JsonNode history = socket.next("message_history");
            assertThat(mine(find(history.path("messages"), liked.id()))).isEqualTo(both);

            api.delete(react(room, liked.id()) + "?emoji=%F0%9F%91%8D", token(me));
            JsonNode live = socket.next("reactions_updated");
            assertThat(live.path("user_id").asText()).isEqualTo(me);
            assertThat(live.path("emoji").asText()).isEqualTo("👍");
            assertThat(live.path("added").asBoolean()).isFalse();
            assertThat(live.has("my_reactions")).isFalse();
        }

        try (WsClient resumed = WsClient.connect(server, me, roomPath(room), liked.seq() - 1)) {
            JsonNode state = resumed.next("room_state");
            assertThat(mine(find(state.path("messages"), liked.id()))).containsExactly("🎉");
        }
    }
}
