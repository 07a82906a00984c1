package dev.community.server;

import static dev.community.server.support.Fixtures.joinedToken;
import static dev.community.server.support.Fixtures.staffToken;
import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.RawWebSocket;
import dev.community.server.support.SharedServerBase;
import dev.community.server.support.Fixtures;
import dev.community.server.support.WsClient;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §3 rooms: list, create (trust-gated), get, patch, join, leave, read markers, and the error shapes. */
class RoomsRestIT extends SharedServerBase {
    static String rooms(UUID room) {
        return "/community/rooms/" + room + "/";
    }

    // ------------------------------------------------------------------------------------------------ list

    @Test
    void theListHasPublicRoomsAndMineWithMyUnreadCountsButNoUnlistedOrForeignPrivateOnes() {
        String me = uid("lister");
        String other = uid("other");
        UUID publicRoom = fx.room(other, "forum", "public");
        UUID myCircle = fx.room(other, "circle", "private");
        UUID foreignCircle = fx.room(other, "circle", "private");
        UUID unlisted = fx.room(other, "forum", "unlisted");
        UUID myUnlisted = fx.room(other, "forum", "unlisted");
        fx.member(myCircle, me, "moderator");
        fx.member(myUnlisted, me, "member");
        fx.message(myCircle, other, "hello");
        fx.stored(new dev.community.storage.NewMessage(dev.community.storage.Uuids.v7(), myCircle,
                new dev.community.protocol.User(other, other), null, "hi @me", "text", List.of(), List.of(me), null, null,
                java.time.Instant.now()));
        fx.message(myCircle, me, "my own does not count");

        List<JsonNode> all = allPages("/community/rooms/", token(me), 2);
        List<String> ids = all.stream().map(r -> r.path("id").asText()).toList();

        assertThat(ids).contains(publicRoom.toString(), myCircle.toString(), myUnlisted.toString())
                .doesNotContain(foreignCircle.toString(), unlisted.toString()).doesNotHaveDuplicates();
        JsonNode circle = all.stream().filter(r -> r.path("id").asText().equals(myCircle.toString())).findFirst().orElseThrow();
        assertThat(circle.path("my_role").asText()).isEqualTo("moderator");
        assertThat(circle.path("unread_count").asLong()).isEqualTo(2);
        assertThat(circle.path("unread_mentions").asLong()).isEqualTo(1);
        assertThat(circle.path("last_read_seq").asLong()).isZero();
        JsonNode pub = all.stream().filter(r -> r.path("id").asText().equals(publicRoom.toString())).findFirst().orElseThrow();
        assertThat(pub.path("my_role").isNull()).isTrue();
        assertThat(pub.path("unread_count").asLong()).isZero();
    }

    private static List<JsonNode> allPages(String path, String token, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = api.get(path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(page.status()).isEqualTo(200);
            page.json().path("results").forEach(all::add);
            JsonNode next = page.json().path("next_cursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=0", "?limit=101", "?limit=x", "?cursor=bm90LWEtY3Vyc29y", "?cursor=%25%25"})
    void listsRefuseBadPagingWith400(String query) {
        var response = api.get("/community/rooms/" + query, token("pager"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
    }

    // ---------------------------------------------------------------------------------------------- create

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "new account,                0,  100, false, 403",
            "old account without posts, 30,    9, false, 403",
            "six days old,               6,   50, false, 403",
            "seven days and ten posts,   7,   10, false, 201",
            "staff,                      0,    0, true,  201"})
    void creatingARoomIsTrustGated(String who, int ageDays, int messages, boolean staff, int expected) {
        String user = uid("creator");
        String token = staff ? staffToken(user) : joinedToken(user, ageDays);
        api.get("/community/rooms/?limit=1", token);
        fx.storage().users().upsertSeen(user, user, java.time.Instant.now().minus(java.time.Duration.ofDays(ageDays)),
                0, staff);
        server.sql("UPDATE users SET message_count = ? WHERE id = ?", messages, user);

        var response = api.post("/community/rooms/", token, "{\"name\":\"Book club " + user + "\"}");

        assertThat(response.status()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(response.errorCode()).isEqualTo("trust_required");
        } else {
            JsonNode room = response.json();
            assertThat(room.path("my_role").asText()).isEqualTo("owner");
            assertThat(room.path("creator_id").asText()).isEqualTo(user);
            assertThat(room.path("room_type").asText()).isEqualTo("forum");
            assertThat(room.path("visibility").asText()).isEqualTo("public");
            assertThat(room.path("member_count").asLong()).isEqualTo(1);
            assertThat(room.path("slug").asText()).startsWith("book-club-");
        }
    }

    @Test
    void aCreatedRoomTakesItsSettingsAndAChosenSlugOnce() {
        String staff = staffToken(uid("staff"));
        String slug = "circle-" + UUID.randomUUID().toString().substring(0, 8);
        var created = api.post("/community/rooms/", staff, "{\"name\":\"Quiet circle\",\"slug\":\"" + slug + "\","
                + "\"room_type\":\"circle\",\"visibility\":\"private\",\"description\":\"d\",\"slow_mode_seconds\":30,"
                + "\"min_trust_to_join\":2,\"min_trust_to_post\":3,\"member_count\":500}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode room = created.json();
        assertThat(room.path("slug").asText()).isEqualTo(slug);
        assertThat(room.path("room_type").asText()).isEqualTo("circle");
        assertThat(room.path("visibility").asText()).isEqualTo("private");
        assertThat(room.path("slow_mode_seconds").asInt()).isEqualTo(30);
        assertThat(room.path("min_trust_to_join").asInt()).isEqualTo(2);
        assertThat(room.path("min_trust_to_post").asInt()).isEqualTo(3);
        assertThat(room.path("member_count").asLong()).isEqualTo(1);

        var again = api.post("/community/rooms/", staff, "{\"name\":\"Other\",\"slug\":\"" + slug + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("conflict");
        var sameName = api.post("/community/rooms/", staff, "{\"name\":\"Quiet circle\"}");
        var sameNameAgain = api.post("/community/rooms/", staff, "{\"name\":\"Quiet circle\"}");
        assertThat(sameName.status()).isEqualTo(201);
        assertThat(sameNameAgain.status()).as("a derived slug gets a suffix instead of a conflict").isEqualTo(201);
        assertThat(sameNameAgain.json().path("slug").asText()).isNotEqualTo(sameName.json().path("slug").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "{\"name\":\"   \"}", "{\"name\":5}", "{\"name\":\"x\",\"visibility\":\"secret\"}",
            "{\"name\":\"x\",\"room_type\":\"dm\"}", "{\"name\":\"x\",\"slug\":\"Not A Slug\"}",
            "{\"name\":\"x\",\"slow_mode_seconds\":-1}", "{\"name\":\"x\",\"min_trust_to_post\":1.5}", "[1,2]"})
    void createRefusesAnInvalidBodyWith400(String body) {
        var response = api.post("/community/rooms/", staffToken(uid("staff")), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
        assertThat(response.json().path("error").path("message").asText()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------------- get

    @Test
    void getShowsARoomToThoseWhoMayOpenIt() {
        String owner = uid("owner");
        UUID circle = fx.room(owner, "circle", "private");
        UUID forum = fx.room(owner, "forum", "public");

        assertThat(api.get(rooms(circle), token(owner)).json().path("my_role").asText()).isEqualTo("owner");
        assertThat(api.get(rooms(forum), token(uid("reader"))).json().path("my_role").isNull()).isTrue();
        var outsider = api.get(rooms(circle), token(uid("outsider")));
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.errorCode()).isEqualTo("forbidden");
        assertThat(api.get(rooms(circle), staffToken(uid("staff"))).status()).as("private circles are membership only")
                .isEqualTo(403);
        assertThat(api.get(rooms(UUID.randomUUID()), token(owner)).status()).isEqualTo(404);
        assertThat(api.get("/community/rooms/not-a-uuid/", token(owner)).errorCode()).isEqualTo("not_found");
    }

    // ----------------------------------------------------------------------------------------------- patch

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"owner, 200", "admin, 200", "staff, 200", "moderator, 403", "trusted, 403", "member, 403",
            "outsider, 403"})
    void onlyTheOwnerOrAnAdminMayChangeARoom(String who, int expected) {
        String owner = uid("owner");
        UUID room = fx.room(owner, "forum", "public");
        String actor = who.equals("owner") ? owner : uid(who);
        if (List.of("admin", "moderator", "trusted", "member").contains(who)) {
            fx.member(room, actor, who);
        }
        String token = who.equals("staff") ? staffToken(actor) : token(actor);

        var response = api.patch(rooms(room), token, "{\"description\":\"by " + who + "\"}");

        assertThat(response.status()).isEqualTo(expected);
        String stored = fx.storage().rooms().findById(room).orElseThrow().description();
        assertThat(stored).isEqualTo(expected == 200 ? "by " + who : "");
        if (expected == 403) {
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }
    }

    @Test
    void patchWritesOnlyTheDocumentedFieldsAndIgnoresEverythingElse() {
        String owner = uid("owner");
        UUID room = fx.room(owner, "forum", "public");
        var before = fx.storage().rooms().findById(room).orElseThrow();

        var response = api.patch(rooms(room), token(owner), "{\"name\":\"Renamed\",\"slow_mode_seconds\":15,"
                + "\"min_trust_to_join\":1,\"min_trust_to_post\":2,\"visibility\":\"unlisted\","
                + "\"id\":\"" + UUID.randomUUID() + "\",\"slug\":\"hijacked\",\"room_type\":\"dm\","
                + "\"creator_id\":\"mallory\",\"member_count\":9999,\"message_count\":77,\"my_role\":\"owner\","
                + "\"created_at\":\"2000-01-01T00:00:00.000Z\",\"is_deleted\":true,\"last_seq\":42}");

        assertThat(response.status()).isEqualTo(200);
        var after = fx.storage().rooms().findById(room).orElseThrow();
        assertThat(after.name()).isEqualTo("Renamed");
        assertThat(after.slowModeSeconds()).isEqualTo(15);
        assertThat(after.minTrustToJoin()).isEqualTo(1);
        assertThat(after.minTrustToPost()).isEqualTo(2);
        assertThat(after.visibility()).isEqualTo(Visibility.UNLISTED);
        assertThat(after.slug()).isEqualTo(before.slug());
        assertThat(after.roomType()).isEqualTo(RoomType.FORUM);
        assertThat(after.creatorId()).isEqualTo(owner);
        assertThat(after.memberCount()).isEqualTo(before.memberCount());
        assertThat(after.messageCount()).isEqualTo(before.messageCount());
        assertThat(after.lastSeq()).isEqualTo(before.lastSeq());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(response.json().path("name").asText()).isEqualTo("Renamed");
        assertThat(api.get(rooms(room), token(owner)).status()).as("not deleted").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"slow_mode_seconds\":-1}", "{\"visibility\":\"everyone\"}", "{\"name\":\"\"}",
            "{\"min_trust_to_join\":\"3\"}", "{\"description\":42}", "not json"})
    void patchRefusesBadValuesAndChangesNothing(String body) {
        String owner = uid("owner");
        UUID room = fx.room(owner, "forum", "public");
        var response = api.patch(rooms(room), token(owner), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isIn("invalid_payload", "invalid_json");
        assertThat(fx.storage().rooms().findById(room).orElseThrow().slowModeSeconds()).isZero();
    }

    @Test
    void slowModeSetThroughRestHoldsOpenSocketsAtOnce() {
        String owner = uid("owner");
        UUID room = fx.room(owner, "forum", "public");
        try (WsClient member = WsClient.connect(server, uid("member"), roomPath(room))) {
            member.next("room_state");
            assertThat(api.patch(rooms(room), token(owner), "{\"slow_mode_seconds\":60}").status()).isEqualTo(200);
            member.send("{\"type\":\"send_message\",\"content\":\"first\"}");
            member.next("new_message");
            member.send("{\"type\":\"send_message\",\"content\":\"second\",\"client_id\":\"s2\"}");
            JsonNode error = member.next("error");
            assertThat(error.path("code").asText()).isEqualTo("slow_mode");
            assertThat(error.path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
        }
    }

    // ---------------------------------------------------------------------------------------- join / leave

    @Test
    void joiningAPublicRoomMakesMeAMemberOnce() {
        UUID room = fx.room(uid("owner"), "forum", "public");
        String me = uid("joiner");
        var joined = api.post(rooms(room) + "join/", token(me), null);
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.json().path("my_role").asText()).isEqualTo("member");
        assertThat(joined.json().path("member_count").asLong()).isEqualTo(2);
        assertThat(api.post(rooms(room) + "join/", token(me), null).json().path("member_count").asLong()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"circle private, 403", "forum unlisted, 200", "forum public-trust-gated, 403"})
    void joiningFollowsTheRoomsGates(String kind, int expected) {
        String[] parts = kind.split(" ");
        UUID room = fx.room(uid("owner"), parts[0], parts[1].startsWith("public") ? "public" : parts[1]);
        if (parts[1].endsWith("trust-gated")) {
            server.sql("UPDATE rooms SET min_trust_to_join = 3 WHERE id = ?", room);
        }
        var response = api.post(rooms(room) + "join/", token(uid("joiner")), null);
        assertThat(response.status()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }
    }

    @Test
    void leavingEndsMyMembershipAndClosesMySocketsThere() throws Exception {
        String owner = uid("owner");
        UUID room = fx.room(owner, "circle", "private");
        String me = uid("leaver");
        fx.member(room, me, "member");
        try (WsClient socket = WsClient.connect(server, me, roomPath(room))) {
            socket.next("room_state");
            assertThat(api.post(rooms(room) + "leave/", token(me), null).status()).isEqualTo(204);
            assertThat(socket.awaitClose()).isEqualTo(4003);
            assertThat(socket.closeReason()).isEqualTo(CloseCodes.REMOVED_REASON).isEqualTo("removed from the room");
        }
        assertThat(fx.storage().memberships().find(room, me)).isEmpty();
        var refused = api.get(rooms(room), token(me));
        assertThat(refused.status()).as("a private circle once left").isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"you may not access this room\"}}");
        assertThat(RawWebSocket.refusal(server.port(), roomPath(room) + "?connection_token=" + api.connectionToken(me)))
                .as("the socket is refused with REST's words")
                .isEqualTo("403 {\"error\":{\"code\":\"forbidden\",\"message\":\"you may not access this room\"}}");
        var ownerLeaves = api.post(rooms(room) + "leave/", token(owner), null);
        assertThat(ownerLeaves.status()).isEqualTo(409);
        assertThat(ownerLeaves.errorCode()).isEqualTo("conflict");
        UUID forum = fx.room(owner, "forum", "public");
        assertThat(api.post(rooms(forum) + "leave/", token(me), null).status()).as("not a member: nothing to do")
                .isEqualTo(204);
    }

    // ---------------------------------------------------------------------------------------- read markers

    @Test
    void markingReadMovesMyMarkerAndTellsMySockets() {
        String owner = uid("owner");
        UUID room = fx.room(owner, "forum", "public");
        String me = uid("reader");
        fx.member(room, me, "member");
        for (int i = 0; i < 4; i++) {
            fx.message(room, owner, "m" + i);
        }
        try (WsClient socket = WsClient.connect(server, me, roomPath(room))) {
            socket.next("room_state");
            var response = api.post(rooms(room) + "read/", token(me), "{\"seq\":3}");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("last_read_seq").asLong()).isEqualTo(3);
            assertThat(response.json().path("unread_count").asLong()).isEqualTo(1);
            JsonNode update = socket.next("read_updated");
            assertThat(update.path("room_id").asText()).isEqualTo(room.toString());
            assertThat(update.path("last_read_seq").asLong()).isEqualTo(3);
        }
        assertThat(api.post(rooms(room) + "read/", token(me), "{\"seq\":1}").json().path("last_read_seq").asLong())
                .as("never backwards").isEqualTo(3);
        assertThat(api.get(rooms(room), token(me)).json().path("unread_count").asLong()).isEqualTo(1);
        assertThat(api.post(rooms(room) + "read/", token(uid("stranger")), "{\"seq\":1}").status()).isEqualTo(403);
        assertThat(api.post(rooms(room) + "read/", token(me), "{\"seq\":-1}").status()).isEqualTo(400);
        assertThat(api.post(rooms(room) + "read/", token(me), "{}").status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Test
    void malformedJsonIsInvalidJson() {
        var response = api.post("/community/rooms/", staffToken(uid("staff")), "{\"name\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_json");
    }

    /**
     * Over a raw socket that announces 70 KiB and sends none of it: the server answers from the headers alone,
     * so the test never races the server's close against unread bytes of its own body.
     */
    @Test
    void aBodyOver64KiBIs413() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String request = "POST /community/rooms/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + staffToken(uid("staff")) + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + (70 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"error\"").contains("\"code\"");
        }
    }

    @Test
    void unknownPathsMethodsAndMissingTokensAnswerWithTheErrorShape() {
        var unknown = api.get("/community/nowhere/", token("u"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        assertThat(api.delete("/community/rooms/", token("u")).status()).isEqualTo(405);
        var anonymous = api.get("/community/rooms/", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("unauthorized");
    }
}
