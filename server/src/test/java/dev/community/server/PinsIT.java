package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins against the real server over real sockets (PROTOCOL.md §2.13): moderators pin and unpin, everyone reading
 * the room lists them and sees is_pinned, sockets hear message_pinned / message_unpinned, the cap is a 409; and a
 * room's retention_days on the Room object.
 */
class PinsIT {
    static final int MAX_PINS = 2;
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("limits.max_pins_per_room", Integer.toString(MAX_PINS)));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String pin(UUID room, UUID message) {
        return "/community/rooms/" + room + "/messages/" + message + "/pin/";
    }

    static String pins(UUID room) {
        return "/community/rooms/" + room + "/pins/";
    }

    @Test
    void aModeratorPinsTheRoomHearsItAndEveryReadShowsIt() {
        String owner = uid("owner");
        String mod = uid("mod");
        String member = uid("member");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.member(room, mod, "moderator");
        fx.member(room, member, "member");
        Message m = fx.message(room, owner, "the rules");
        try (WsClient watcher = WsClient.connect(server, member, roomPath(room))) {
            watcher.next("room_state");

            var pinned = api.post(pin(room, m.id()), token(mod), "");
            assertThat(pinned.status()).isEqualTo(200);
            assertThat(pinned.json().path("id").asText()).isEqualTo(m.id().toString());
            assertThat(pinned.json().path("is_pinned").asBoolean()).isTrue();
            assertThat(pinned.json().path("my_reactions").isArray()).as("rendered for its caller").isTrue();
            JsonNode event = watcher.next("message_pinned");
            assertThat(event.path("message_id").asText()).isEqualTo(m.id().toString());
            assertThat(event.path("seq").asLong()).isEqualTo(m.seq());
            assertThat(event.path("pinned_by").path("id").asText()).isEqualTo(mod);

            assertThat(api.post(pin(room, m.id()), token(mod), "").status()).as("again: nothing changes").isEqualTo(200);
            var unpinned = api.delete(pin(room, m.id()), token(mod));
            assertThat(unpinned.status()).isEqualTo(200);
            assertThat(unpinned.json().path("is_pinned").asBoolean()).isFalse();
            assertThat(watcher.next("message_unpinned").path("unpinned_by").path("id").asText()).as("one event per change")
                    .isEqualTo(mod);
            api.post(pin(room, m.id()), token(mod), "");
            watcher.next("message_pinned");
        }

        var list = api.get(pins(room), token(member));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("pins")).hasSize(1);
        JsonNode only = list.json().path("pins").get(0);
        assertThat(only.path("message").path("id").asText()).isEqualTo(m.id().toString());
        assertThat(only.path("message").path("is_pinned").asBoolean()).isTrue();
        assertThat(only.path("pinned_by").path("id").asText()).isEqualTo(mod);
        assertThat(api.get("/community/rooms/" + room + "/messages/", token(member)).json().path("results").get(0)
                .path("is_pinned").asBoolean()).isTrue();
        try (WsClient late = WsClient.connect(server, member, roomPath(room))) {
            JsonNode state = late.next("room_state");
            assertThat(state.path("messages").get(0).path("is_pinned").asBoolean()).as("the window took the pin").isTrue();
        }
        assertThat(fx.storage().moderation().listForRoom(room, null, 10).results())
                .extracting(a -> a.action()).containsExactly("pin", "unpin", "pin");
    }

    @Test
    void onlyModeratorsPinTheCapIsAConflictAndADeletedMessageIsNotFound() {
        String owner = uid("owner");
        String member = uid("member");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.member(room, member, "trusted");
        Message first = fx.message(room, owner, "one");
        Message second = fx.message(room, owner, "two");
        Message third = fx.message(room, owner, "three");

        var refused = api.post(pin(room, first.id()), token(member), "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("forbidden");
        assertThat(api.delete(pin(room, first.id()), token(member)).status()).isEqualTo(403);

        assertThat(api.post(pin(room, first.id()), token(owner), "").status()).isEqualTo(200);
        assertThat(api.post(pin(room, second.id()), token(owner), "").status()).isEqualTo(200);
        var full = api.post(pin(room, third.id()), token(owner), "");
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.errorCode()).isEqualTo("conflict");

        assertThat(api.delete("/community/rooms/" + room + "/messages/" + first.id() + "/", token(owner)).status())
                .isEqualTo(204);
        assertThat(api.get(pins(room), token(member)).json().path("pins")).as("a tombstone loses its pin").hasSize(1);
        var gone = api.post(pin(room, first.id()), token(owner), "");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(api.post(pin(room, UUID.randomUUID()), token(owner), "").status()).isEqualTo(404);
        assertThat(api.post(pin(room, third.id()), token(owner), "").status()).as("room again").isEqualTo(200);
    }

    @Test
    void theRoomCarriesItsOwnRetentionOrNullForTheServersDefault() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String path = "/community/rooms/" + room + "/";
        assertThat(api.get(path, token(owner)).json().path("retention_days").isNull()).isTrue();

        var set = api.patch(path, token(owner), "{\"retention_days\":30}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("retention_days").asInt()).isEqualTo(30);
        assertThat(api.get(path, token(owner)).json().path("retention_days").asInt()).isEqualTo(30);
        assertThat(api.patch(path, token(owner), "{\"retention_days\":36501}").status()).isEqualTo(400);
        assertThat(api.patch(path, token(owner), "{\"retention_days\":0}").json().path("retention_days").isNull())
                .isTrue();
    }
}
