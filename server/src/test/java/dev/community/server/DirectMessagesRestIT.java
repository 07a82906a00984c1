package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
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

/** PROTOCOL.md §3 DMs: 1:1 threads found from either side, group threads, participants only, and blocks. */
class DirectMessagesRestIT extends SharedServerBase {
    /** Opens a DM with {@code others}, each first made someone the server has seen. */
    static Api.Response open(String me, String... others) {
        fx.seen(others);
        return api.post("/community/dm/", token(me), "{\"participant_ids\":[\"" + String.join("\",\"", others) + "\"]}");
    }

    @Test
    void aOneToOneThreadIsCreatedOnceAndFoundFromEitherSide() {
        String ann = uid("ann");
        String bob = uid("bob");
        var created = open(ann, bob, ann);
        assertThat(created.status()).isEqualTo(201);
        JsonNode thread = created.json();
        String id = thread.path("id").asText();
        assertThat(thread.path("is_group").asBoolean()).isFalse();
        assertThat(thread.path("participants").findValuesAsText("id")).containsExactlyInAnyOrder(ann, bob);
        assertThat(thread.path("room").path("room_type").asText()).isEqualTo("dm");
        assertThat(thread.path("room").path("id").asText()).isEqualTo(id);
        assertThat(thread.path("room").path("my_role").asText()).isEqualTo("member");

        var fromBob = open(bob, ann);
        assertThat(fromBob.status()).isEqualTo(200);
        assertThat(fromBob.json().path("id").asText()).isEqualTo(id);
        assertThat(open(ann, bob).status()).isEqualTo(200);

        JsonNode mine = api.get("/community/dm/", token(bob)).json().path("results");
        assertThat(mine).singleElement().satisfies(t -> {
            assertThat(t.path("id").asText()).isEqualTo(id);
            assertThat(t.path("participants")).hasSize(2);
        });
        assertThat(api.get("/community/dm/" + id + "/", token(ann)).json().path("participants")).hasSize(2);
        assertThat(api.get("/community/rooms/", token(ann)).json().path("results").findValuesAsText("id"))
                .as("DMs are listed under /dm/, not among rooms").doesNotContain(id);
    }

    @Test
    void aGroupThreadHasItsCreatorAsOwnerAndEveryoneNamed() {
        String ann = uid("ann");
        String bob = uid("bob");
        String cat = uid("cat");
        var created = open(ann, bob, cat, bob);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("is_group").asBoolean()).isTrue();
        assertThat(created.json().path("participants").findValuesAsText("id")).containsExactlyInAnyOrder(ann, bob, cat);
        assertThat(created.json().path("room").path("my_role").asText()).isEqualTo("owner");
        assertThat(open(ann, bob, cat).status()).as("a group is always a new thread").isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(api.get("/community/dm/" + id + "/", token(cat)).json().path("room").path("my_role").asText())
                .isEqualTo("member");
    }

    @Test
    void onlyParticipantsMayOpenReadOrWriteAThread() {
        String ann = uid("ann");
        String bob = uid("bob");
        String eve = uid("eve");
        String id = open(ann, bob).json().path("id").asText();
        api.post("/community/rooms/" + id + "/messages/", token(ann), "{\"content\":\"just us\"}");

        assertThat(api.get("/community/dm/" + id + "/", token(eve)).status()).isEqualTo(403);
        var history = api.get("/community/rooms/" + id + "/messages/", token(eve));
        assertThat(history.status()).isEqualTo(403);
        assertThat(history.body()).doesNotContain("just us");
        assertThat(api.post("/community/rooms/" + id + "/messages/", token(eve), "{\"content\":\"hi\"}").status())
                .isEqualTo(403);
        assertThat(api.post("/community/rooms/" + id + "/join/", token(eve), null).status()).isEqualTo(403);
        assertThat(api.get("/community/rooms/" + id + "/messages/", token(bob)).json().path("results")
                .findValuesAsText("content")).containsExactly("just us");
        UUID forum = fx.room(ann, "forum", "public");
        assertThat(api.get("/community/dm/" + forum + "/", token(ann)).status()).as("a room is no DM thread")
                .isEqualTo(404);
        assertThat(api.get("/community/dm/" + UUID.randomUUID() + "/", token(ann)).status()).isEqualTo(404);
        var leave = api.post("/community/rooms/" + id + "/leave/", token(bob), null);
        assertThat(leave.status()).as("a 1:1 conversation is not left").isEqualTo(409);
    }

    @Test
    void aBlockEitherWayClosesTheOneToOneThreadToBothSides() {
        String ann = uid("ann");
        String bob = uid("bob");
        String id = open(ann, bob).json().path("id").asText();
        String group = open(ann, bob, uid("cat")).json().path("id").asText();
        assertThat(api.post("/community/block/", token(bob), "{\"user_id\":\"" + ann + "\"}").status()).isEqualTo(201);

        var annOpens = open(ann, bob);
        assertThat(annOpens.status()).isEqualTo(403);
        assertThat(annOpens.errorCode()).isEqualTo("blocked");
        assertThat(open(bob, ann).errorCode()).isEqualTo("blocked");
        for (String sender : new String[] {ann, bob}) {
            var post = api.post("/community/rooms/" + id + "/messages/", token(sender), "{\"content\":\"hello?\"}");
            assertThat(post.status()).isEqualTo(403);
            assertThat(post.errorCode()).isEqualTo("blocked");
        }
        try (WsClient socket = WsClient.connect(server, ann, "/ws/community/dm/" + id + "/")) {
            socket.next("room_state");
            socket.send("{\"type\":\"send_message\",\"content\":\"anyone?\",\"client_id\":\"b1\"}");
            JsonNode error = socket.next("error");
            assertThat(error.path("code").asText()).isEqualTo("blocked");
            assertThat(error.path("client_id").asText()).isEqualTo("b1");
        }
        assertThat(api.post("/community/rooms/" + group + "/messages/", token(ann), "{\"content\":\"all\"}").status())
                .as("a group made before the block is not closed by it").isEqualTo(201);
        var newGroup = open(ann, bob, uid("dog"));
        assertThat(newGroup.status()).as("but no new group brings them together").isEqualTo(403);
        assertThat(newGroup.errorCode()).isEqualTo("blocked");

        assertThat(api.delete("/community/block/?user_id=" + ann, token(bob)).status()).isEqualTo(204);
        assertThat(open(ann, bob).status()).isEqualTo(200);
        assertThat(api.post("/community/rooms/" + id + "/messages/", token(ann), "{\"content\":\"friends again\"}")
                .status()).isEqualTo(201);
    }

    @Test
    void aParticipantTheServerHasNeverSeenIsNotFoundAndNothingIsCreated() {
        String ann = uid("ann");
        String bob = uid("bob");
        String ghost = uid("ghost");
        fx.seen(bob);
        var direct = api.post("/community/dm/", token(ann), "{\"participant_ids\":[\"" + ghost + "\"]}");
        assertThat(direct.status()).isEqualTo(404);
        assertThat(direct.errorCode()).isEqualTo("not_found");
        assertThat(direct.json().path("error").path("message").asText())
                .isEqualTo("participant_ids: no such user: " + ghost);
        var group = api.post("/community/dm/", token(ann), "{\"participant_ids\":[\"" + bob + "\",\"" + ghost + "\"]}");
        assertThat(group.status()).isEqualTo(404);
        assertThat(group.errorCode()).isEqualTo("not_found");
        assertThat(api.get("/community/dm/", token(ann)).json().path("results")).isEmpty();
        assertThat(api.get("/community/dm/", token(bob)).json().path("results")).isEmpty();

        fx.seen(ghost);
        assertThat(api.post("/community/dm/", token(ann), "{\"participant_ids\":[\"" + ghost + "\"]}").status())
                .as("once seen, the same id is welcome").isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"participant_ids\":[]}", "{\"participant_ids\":\"bob\"}",
            "{\"participant_ids\":[\"not valid!\"]}", "{\"participant_ids\":[\"dm-self\"]}", "{\"participant_ids\":[1]}"})
    void aThreadNeedsSomeoneElse(String body) {
        var response = api.post("/community/dm/", token("dm-self"), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
    }
}
