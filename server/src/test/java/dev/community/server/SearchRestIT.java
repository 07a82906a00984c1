package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.storage.NewMessage;
import dev.community.storage.Uuids;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PROTOCOL.md §3 search and mentions: who sees what across rooms, the query syntax, paging, the mentions inbox. */
class SearchRestIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String search(String q) {
        return "/community/search/?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    static List<String> contents(JsonNode page) {
        List<String> contents = new ArrayList<>();
        page.path("results").forEach(hit -> contents.add(hit.path("message").path("content").asText()));
        return contents;
    }

    static List<String> found(String pathAndQuery, String user) {
        var response = api.get(pathAndQuery, token(user));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return contents(response.json());
    }

    /** A word no other test uses, so results are exactly this test's. */
    static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void searchCoversMyRoomsAndDmsButNotRoomsIAmNotIn() {
        String me = uid("me");
        String owner = uid("owner");
        String w = word();
        UUID joined = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.member(joined, me, Role.MEMBER);
        UUID notJoined = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        UUID secret = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        fx.message(joined, owner, w + " in a room I joined");
        fx.message(notJoined, owner, w + " in a public room I never joined");
        fx.message(secret, owner, w + " in a private circle");
        String third = uid("third");
        fx.seen(owner, third);
        var dm = api.post("/community/dm/", token(me), "{\"participant_ids\":[\"" + owner + "\"]}");
        assertThat(dm.status()).isEqualTo(201);
        UUID dmId = UUID.fromString(dm.json().path("id").asText());
        fx.message(dmId, owner, w + " in our DM");
        UUID otherDm = UUID.fromString(api.post("/community/dm/", token(owner),
                "{\"participant_ids\":[\"" + third + "\"]}").json().path("id").asText());
        fx.message(otherDm, owner, w + " in someone else's DM");

        var response = api.get(search(w), token(me));
        assertThat(contents(response.json())).containsExactly(w + " in our DM", w + " in a room I joined");
        JsonNode first = response.json().path("results").get(0);
        assertThat(first.path("room").path("id").asText()).isEqualTo(dmId.toString());
        assertThat(first.path("room").path("room_type").asText()).isEqualTo("dm");
        assertThat(response.json().path("next_cursor").isNull()).isTrue();

        // a public room is searched without joining it by naming it; a private one not at all
        assertThat(found(search(w) + "&room_id=" + notJoined, me)).containsExactly(w + " in a public room I never joined");
        var refused = api.get(search(w) + "&room_id=" + secret, token(me));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(w);
        assertThat(api.get(search(w) + "&room_id=" + UUID.randomUUID(), token(me)).status()).isEqualTo(404);
    }

    @Test
    void hiddenMessagesOnlyForModeratorsAndBlockedAuthorsNever() {
        String owner = uid("owner");
        String mod = uid("mod");
        String member = uid("member");
        String pest = uid("pest");
        String w = word();
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.member(room, mod, Role.MODERATOR);
        fx.member(room, member, Role.MEMBER);
        fx.member(room, pest, Role.MEMBER);
        fx.message(room, owner, w + " visible");
        Message hidden = fx.message(room, owner, w + " hidden");
        fx.storage().messageEdits().setHidden(room, hidden.id(), true);
        fx.message(room, pest, w + " from a pest");
        fx.storage().blocks().block(member, pest);

        assertThat(found(search(w), member)).containsExactly(w + " visible");
        assertThat(found(search(w), mod)).containsExactly(w + " from a pest", w + " hidden", w + " visible");
        assertThat(found(search(w) + "&author_id=" + pest, mod)).containsExactly(w + " from a pest");
    }

    @Test
    void theQuerySyntaxIsWebsearchsWithPrefixes() {
        String owner = uid("owner");
        String w = word();
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.message(room, owner, w + " deployment went fine");
        fx.message(room, owner, w + " deploy to staging failed");
        fx.message(room, owner, w + " lunch");

        assertThat(found(search(w + " deploy"), owner))
                .containsExactly(w + " deploy to staging failed", w + " deployment went fine");
        assertThat(found(search(w + " deploy -staging"), owner)).containsExactly(w + " deployment went fine");
        assertThat(found(search(w + " \"staging failed\""), owner)).containsExactly(w + " deploy to staging failed");
        assertThat(found(search(w + " lunch OR fine"), owner)).containsExactly(w + " lunch", w + " deployment went fine");
        assertThat(found(search(w + " deploy") + "&sort=relevance", owner)).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/community/search/                          | q must contain at least one word",
            "/community/search/?q=-spam                  | q must contain at least one word that is not excluded",
            "/community/search/?q=x&sort=oldest          | sort must be newest or relevance",
            "/community/search/?q=x&room_id=nope         | room_id must be a UUID",
            "/community/search/?q=x&before=yesterday     | before must be an ISO-8601 UTC time",
            "/community/search/?q=x&limit=101            | limit must be an integer from 1 to 100",
            "/community/search/?q=x&cursor=bm90LWl0      | invalid cursor",
            "/community/mentions/?cursor=bm90LWl0        | invalid cursor"})
    void badParametersAreBadRequests(String pathAndQuery, String message) {
        var response = api.get(pathAndQuery, token(uid("me")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
        assertThat(response.json().path("error").path("message").asText()).isEqualTo(message);
    }

    @Test
    void pagesNeitherRepeatNorSkipWhileMessagesArrive() {
        String owner = uid("owner");
        String w = word();
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        for (int i = 1; i <= 5; i++) {
            fx.message(room, owner, w + " m" + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int late = 0;
        do {
            JsonNode page = api.get(search(w) + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token(owner))
                    .json();
            seen.addAll(contents(page));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            fx.message(room, owner, w + " late" + ++late);
        } while (cursor != null);
        assertThat(seen).containsExactly(w + " m5", w + " m4", w + " m3", w + " m2", w + " m1");
    }

    @Test
    void mentionsComeFromRoomsIAmStillInWithTheirReadState() {
        String me = uid("me");
        String owner = uid("owner");
        UUID stay = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        UUID leave = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        UUID banned = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        for (UUID room : List.of(stay, leave, banned)) {
            fx.member(room, me, Role.MEMBER);
        }
        Message read = mention(stay, owner, "first, read", me);
        mention(leave, owner, "in a room I left", me);
        mention(banned, owner, "in a room I was banned from", me);
        mention(stay, owner, "not me", owner);
        Message unread = mention(stay, owner, "second, unread", me);
        fx.storage().memberships().markRead(stay, me, read.seq());
        fx.storage().memberships().leave(leave, me);
        fx.storage().memberships().restrict(banned, me, Role.BANNED, null);

        JsonNode page = api.get("/community/mentions/?limit=1", token(me)).json();
        assertThat(contents(page)).containsExactly("second, unread");
        JsonNode hit = page.path("results").get(0);
        assertThat(hit.path("is_read").asBoolean()).isFalse();
        assertThat(hit.path("message").path("id").asText()).isEqualTo(unread.id().toString());
        assertThat(hit.path("room").path("id").asText()).isEqualTo(stay.toString());
        JsonNode next = api.get("/community/mentions/?limit=1&cursor=" + page.path("next_cursor").asText(), token(me))
                .json();
        assertThat(contents(next)).containsExactly("first, read");
        assertThat(next.path("results").get(0).path("is_read").asBoolean()).isTrue();
        assertThat(next.path("next_cursor").isNull()).isTrue();
    }

    static Message mention(UUID room, String author, String content, String... mentioned) {
        return fx.stored(new NewMessage(Uuids.v7(), room, new User(author, author), null, content, "text", List.of(),
                List.of(mentioned), null, null, Instant.now()));
    }
}
