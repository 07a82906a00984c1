package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.SharedServerBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §3 threads: list and create; messages carry thread_id. */
class ThreadsRestIT extends SharedServerBase {
    static String threads(UUID room) {
        return "/community/rooms/" + room + "/threads/";
    }

    @Test
    void threadsAreCreatedListedOldestFirstAndCountTheirMessages() {
        UUID room = fx.room(uid("owner"), RoomType.FORUM, Visibility.PUBLIC);
        String me = uid("starter");
        var first = api.post(threads(room), token(me), "{\"title\":\"  Release plans  \"}");
        assertThat(first.status()).isEqualTo(201);
        JsonNode thread = first.json();
        assertThat(thread.path("title").asText()).isEqualTo("Release plans");
        assertThat(thread.path("room_id").asText()).isEqualTo(room.toString());
        assertThat(thread.path("creator_id").asText()).isEqualTo(me);
        assertThat(thread.path("is_locked").asBoolean()).isFalse();
        api.post(threads(room), token(me), "{\"title\":\"Second\"}");
        String threadId = thread.path("id").asText();

        var posted = api.post("/community/rooms/" + room + "/messages/", token(me),
                "{\"content\":\"in the thread\",\"thread_id\":\"" + threadId + "\"}");
        assertThat(posted.json().path("thread_id").asText()).isEqualTo(threadId);
        JsonNode history = api.get("/community/rooms/" + room + "/messages/", token(me)).json().path("results").get(0);
        assertThat(history.path("thread_id").asText()).isEqualTo(threadId);

        var page = api.get(threads(room) + "?limit=1", token(uid("reader")));
        assertThat(page.json().path("results").get(0).path("message_count").asLong()).isEqualTo(1);
        assertThat(page.json().path("results").get(0).path("last_message_at").isNull()).isFalse();
        String cursor = page.json().path("next_cursor").asText();
        assertThat(api.get(threads(room) + "?limit=1&cursor=" + cursor, token(me)).json().path("results").get(0)
                .path("title").asText()).isEqualTo("Second");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({"private outsider, 403, forbidden", "muted member, 403, muted", "banned, 403, forbidden",
            "low trust, 403, trust_required", "member, 201, ''"})
    void creatingAThreadNeedsCanPostInRoom(String who, int status, String code) {
        String owner = uid("owner");
        UUID room = fx.room(owner, who.startsWith("private") ? "circle" : "forum",
                who.startsWith("private") ? "private" : "public");
        String user = uid("user");
        switch (who) {
            case "muted member" -> {
                fx.member(room, user, "member");
                fx.storage().memberships().restrict(room, user, Role.MUTED, null);
            }
            case "banned" -> fx.storage().memberships().restrict(room, user, Role.BANNED, null);
            case "low trust" -> server.sql("UPDATE rooms SET min_trust_to_post = 1 WHERE id = ?", room);
            default -> {
            }
        }
        var response = api.post(threads(room), token(user), "{\"title\":\"t\"}");
        assertThat(response.status()).isEqualTo(status);
        if (status == 403) {
            assertThat(response.errorCode()).isEqualTo(code);
            assertThat(fx.storage().threads().list(room, null, 10).results()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"title\":\"   \"}", "{\"title\":7}", "{\"title\":null}"})
    void aThreadNeedsATitle(String body) {
        UUID room = fx.room(uid("owner"), RoomType.FORUM, Visibility.PUBLIC);
        var response = api.post(threads(room), token(uid("u")), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
    }

    @Test
    void aPrivateRoomsThreadsAreForItsMembers() {
        String owner = uid("owner");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        fx.storage().threads().create(circle, "members only", owner);
        assertThat(api.get(threads(circle), token(owner)).json().path("results")).hasSize(1);
        var outsider = api.get(threads(circle), token(uid("outsider")));
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.body()).doesNotContain("members only");
    }
}
