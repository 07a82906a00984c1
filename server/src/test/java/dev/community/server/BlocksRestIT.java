package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.SharedServerBase;
import dev.community.server.support.Fixtures;
import dev.community.server.support.WsClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §3 blocking: list, block, unblock, and what a block changes for open sockets. */
class BlocksRestIT extends SharedServerBase {
    @Test
    void blockListBlockAgainAndUnblock() {
        String me = uid("me");
        String pest = uid("a-pest");
        String bore = uid("b-bore");
        var blocked = api.post("/community/block/", token(me), "{\"user_id\":\"" + pest + "\"}");
        assertThat(blocked.status()).isEqualTo(201);
        assertThat(blocked.json().path("user").path("id").asText()).isEqualTo(pest);
        assertThat(blocked.json().path("created_at").asText()).isNotEmpty();
        var again = api.post("/community/block/", token(me), "{\"user_id\":\"" + pest + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("created_at").asText()).isEqualTo(blocked.json().path("created_at").asText());
        api.post("/community/block/", token(me), "{\"user_id\":\"" + bore + "\"}");

        var page = api.get("/community/block/?limit=1", token(me)).json();
        assertThat(page.path("results").findValuesAsText("id")).containsExactly(pest);
        assertThat(api.get("/community/block/?cursor=" + page.path("next_cursor").asText(), token(me)).json()
                .path("results").findValuesAsText("id")).containsExactly(bore);
        assertThat(api.get("/community/block/", token(pest)).json().path("results")).as("mine only").isEmpty();

        assertThat(api.delete("/community/block/?user_id=" + pest, token(me)).status()).isEqualTo(204);
        assertThat(api.delete("/community/block/?user_id=" + pest, token(me)).status()).isEqualTo(204);
        assertThat(api.get("/community/block/", token(me)).json().path("results").findValuesAsText("id"))
                .containsExactly(bore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"user_id\":\"bad id!\"}", "{\"user_id\":3}", "{\"user_id\":\"self-blocker\"}"})
    void aBlockNeedsSomeoneElse(String body) {
        var response = api.post("/community/block/", token("self-blocker"), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
    }

    @Test
    void unblockNeedsAUserId() {
        assertThat(api.delete("/community/block/", token(uid("me"))).status()).isEqualTo(400);
        assertThat(api.delete("/community/block/?user_id=bad%20id", token(uid("me"))).status()).isEqualTo(400);
    }

    @Test
    void aBlockThroughRestFiltersMyOpenSocketAtOnceAndAnUnblockLiftsIt() {
        String me = uid("me");
        String pest = uid("pest");
        String friend = uid("friend");
        UUID room = fx.room(uid("owner"), "forum", "public");
        try (WsClient mine = WsClient.connect(server, me, roomPath(room));
             WsClient theirs = WsClient.connect(server, pest, roomPath(room));
             WsClient friends = WsClient.connect(server, friend, roomPath(room))) {
            mine.next("room_state");
            theirs.next("room_state");
            friends.next("room_state");
            assertThat(api.post("/community/block/", token(me), "{\"user_id\":\"" + pest + "\"}").status()).isEqualTo(201);

            theirs.send("{\"type\":\"send_message\",\"content\":\"you cannot hear me\"}");
            theirs.next("new_message");
            friends.send("{\"type\":\"send_message\",\"content\":\"marker\"}");
            JsonNode next = mine.next("new_message");
            assertThat(next.path("message").path("content").asText()).as("the blocked message never came").isEqualTo("marker");

            assertThat(api.delete("/community/block/?user_id=" + pest, token(me)).status()).isEqualTo(204);
            theirs.send("{\"type\":\"send_message\",\"content\":\"back\"}");
            assertThat(mine.next("new_message").path("message").path("content").asText()).isEqualTo("back");
        }
    }
}
