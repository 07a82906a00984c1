package dev.community.server;

import static dev.community.server.support.Fixtures.staffToken;
import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.RawWebSocket;
import dev.community.server.support.SharedServerBase;
import dev.community.server.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §3 moderation: the actions and their role rules, live effects, expiry, audit trail and review queue. */
class ModerationRestIT extends SharedServerBase {
    static String moderation(UUID room) {
        return "/community/rooms/" + room + "/moderation/";
    }

    static Api.Response act(UUID room, String token, String action, String field, Object target, String extra) {
        return api.post(moderation(room), token, "{\"action\":\"" + action + "\",\"" + field + "\":\"" + target
                + "\",\"reason\":\"because\"" + extra + "}");
    }

    static String roleOf(UUID room, String user) {
        return fx.storage().memberships().find(room, user).map(m -> m.effectiveRole(Instant.now())).map(Role::wire)
                .orElse(null);
    }

    // ------------------------------------------------------------------------------------------- role rules

    @ParameterizedTest(name = "{0} {1}s {2} -> {3}")
    @CsvSource({
            "moderator, warn, member,    201", "moderator, mute, member,    201", "moderator, ban,  trusted,   201",
            "moderator, mute, moderator, 403", "moderator, ban,  admin,     403", "moderator, ban,  owner,     403",
            "admin,     ban,  moderator, 201", "admin,     mute, admin,     403", "owner,     ban,  admin,     201",
            "member,    warn, member,    403", "trusted,   mute, member,    403", "staff,     ban,  admin,     201",
            "staff,     mute, owner,     403", "moderator, warn, self,      403", "outsider,  warn, member,    403"})
    void nobodyActsOnAnEqualOrHigherRoleNorOnTheOwner(String actorRole, String action, String targetRole,
                                                        int expected) {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String actor = switch (actorRole) {
            case "owner" -> owner;
            case "staff", "outsider" -> uid(actorRole);
            default -> {
                String user = uid(actorRole);
                fx.member(room, user, actorRole);
                yield user;
            }
        };
        String target = switch (targetRole) {
            case "owner" -> owner;
            case "self" -> actor;
            default -> {
                String user = uid(targetRole);
                fx.member(room, user, targetRole);
                yield user;
            }
        };
        String before = roleOf(room, target);
        String token = actorRole.equals("staff") ? staffToken(actor) : token(actor);

        var response = act(room, token, action, "target_user_id", target, "");

        assertThat(response.status()).isEqualTo(expected);
        if (expected == 201) {
            JsonNode audit = response.json();
            assertThat(audit.path("action").asText()).isEqualTo(action);
            assertThat(audit.path("source").asText()).isEqualTo("admin");
            assertThat(audit.path("moderator_id").asText()).isEqualTo(actor);
            assertThat(audit.path("target_user_id").asText()).isEqualTo(target);
            assertThat(audit.path("reason").asText()).isEqualTo("because");
            assertThat(roleOf(room, target)).isEqualTo(switch (action) {
                case "mute" -> "muted";
                case "ban" -> "banned";
                default -> before;
            });
        } else {
            assertThat(response.errorCode()).isEqualTo("forbidden");
            assertThat(roleOf(room, target)).isEqualTo(before);
            assertThat(fx.storage().moderation().listForRoom(room, null, 10).results()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "{\"action\":\"smite\",\"target_user_id\":\"x\"}", "{\"action\":\"mute\"}",
            "{\"action\":\"hide\",\"target_user_id\":\"x\"}", "{\"action\":\"lock\"}",
            "{\"action\":\"mute\",\"target_user_id\":\"x\",\"duration_seconds\":0}",
            "{\"action\":\"mute\",\"target_user_id\":\"x\",\"duration_seconds\":\"60\"}",
            "{\"action\":\"ban\",\"target_user_id\":\"not valid!\"}",
            "{\"action\":\"hide\",\"message_id\":\"not-a-uuid\"}"})
    void badModerationRequestsAre400(String body) {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        var response = api.post(moderation(room), token(owner), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
    }

    // ------------------------------------------------------------------------------------------ live effects

    @Test
    void aBanThroughRestClosesTheUsersSocketsWith4003AndKeepsThemOut() throws Exception {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String troll = uid("troll");
        try (WsClient trollSocket = WsClient.connect(server, troll, roomPath(room));
             WsClient ownerSocket = WsClient.connect(server, owner, roomPath(room))) {
            trollSocket.next("room_state");
            ownerSocket.next("room_state");
            assertThat(act(room, token(owner), "ban", "target_user_id", troll, "").status()).isEqualTo(201);
            assertThat(trollSocket.awaitClose()).isEqualTo(4003);
            assertThat(trollSocket.closeReason()).isEqualTo(CloseCodes.BANNED_REASON).isEqualTo("banned");
            JsonNode update = ownerSocket.next("member_updated");
            assertThat(update.path("user").path("id").asText()).isEqualTo(troll);
            assertThat(update.path("role").asText()).isEqualTo("banned");
            assertThat(update.path("until").isNull()).isTrue();
        }
        var refused = api.get("/community/rooms/" + room + "/", token(troll));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"you are banned from this room\"}}");
        assertThat(RawWebSocket.refusal(server.port(), roomPath(room) + "?connection_token=" + api.connectionToken(troll)))
                .isEqualTo("403 {\"error\":{\"code\":\"forbidden\",\"message\":\"you are banned from this room\"}}");
        assertThat(api.post("/community/rooms/" + room + "/join/", token(troll), null).status()).isEqualTo(403);
        assertThat(api.post("/community/rooms/" + room + "/messages/", token(troll), "{\"content\":\"hi\"}").status())
                .isEqualTo(403);
        JsonNode members = api.get("/community/rooms/" + room + "/members/", token(owner)).json();
        assertThat(members.path("results").findValuesAsText("role")).contains("banned");

        assertThat(act(room, token(owner), "unban", "target_user_id", troll, "").status()).isEqualTo(201);
        assertThat(api.post("/community/rooms/" + room + "/join/", token(troll), null).json().path("my_role").asText())
                .isEqualTo("member");
        assertThat(act(room, token(owner), "unban", "target_user_id", troll, "").status())
                .as("not banned any more").isEqualTo(409);
    }

    @Test
    void aTemporaryMuteHoldsOnRestAndSocketsAndEndsByItself() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String chatty = uid("chatty");
        fx.member(room, chatty, "member");
        try (WsClient socket = WsClient.connect(server, chatty, roomPath(room))) {
            socket.next("room_state");
            var muted = act(room, token(owner), "mute", "target_user_id", chatty, ",\"duration_seconds\":2");
            assertThat(muted.status()).isEqualTo(201);
            assertThat(muted.json().path("duration_seconds").asLong()).isEqualTo(2);
            assertThat(muted.json().path("expires_at").isNull()).isFalse();
            JsonNode update = socket.next("member_updated");
            assertThat(update.path("role").asText()).isEqualTo("muted");
            assertThat(Instant.parse(update.path("until").asText())).isAfter(Instant.now().minusSeconds(1));

            var refused = api.post("/community/rooms/" + room + "/messages/", token(chatty), "{\"content\":\"let me\"}");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("muted");
            socket.send("{\"type\":\"send_message\",\"content\":\"psst\",\"client_id\":\"m1\"}");
            assertThat(socket.next("error").path("code").asText()).isEqualTo("muted");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    api.post("/community/rooms/" + room + "/messages/", token(chatty), "{\"content\":\"free\"}").status() == 201);
            socket.send("{\"type\":\"send_message\",\"content\":\"free on the socket too\",\"client_id\":\"m2\"}");
            assertThat(socket.next(e -> "new_message".equals(e.path("event").asText())
                    && "m2".equals(e.path("client_id").asText()), "the acknowledgement").path("message").path("content")
                    .asText()).isEqualTo("free on the socket too");
        }
        JsonNode me = api.get("/community/rooms/" + room + "/members/", token(owner)).json().path("results");
        JsonNode entry = java.util.stream.StreamSupport.stream(me.spliterator(), false)
                .filter(m -> m.path("user").path("id").asText().equals(chatty)).findFirst().orElseThrow();
        assertThat(entry.path("role").asText()).as("an expired mute shows as member").isEqualTo("member");
        assertThat(entry.path("until").isNull()).isTrue();
        assertThat(api.get("/community/rooms/" + room + "/", token(chatty)).json().path("my_role").asText())
                .isEqualTo("member");
        try (WsClient again = WsClient.connect(server, chatty, roomPath(room))) {
            assertThat(again.next("room_state").path("room").path("my_role").asText())
                    .as("the socket says what REST says: the mute ran out").isEqualTo("member");
        }
    }

    @Test
    void aMuteThatRanOutReadsMemberOnTheSocketAsOnRest() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String once = uid("once-muted");
        fx.member(room, once, "member");
        fx.storage().memberships().restrict(room, once, Role.MUTED, Instant.now().minusSeconds(5));
        try (WsClient socket = WsClient.connect(server, once, roomPath(room))) {
            assertThat(socket.next("room_state").path("room").path("my_role").asText()).isEqualTo("member");
            socket.send("{\"type\":\"send_message\",\"content\":\"speaking again\",\"client_id\":\"x1\"}");
            assertThat(socket.next("new_message").path("client_id").asText()).isEqualTo("x1");
        }
        assertThat(api.get("/community/rooms/" + room + "/", token(once)).json().path("my_role").asText())
                .isEqualTo("member");
    }

    @Test
    void aTemporaryBanEndsByItself() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String user = uid("banned");
        fx.member(room, user, "member");
        assertThat(act(room, token(owner), "ban", "target_user_id", user, ",\"duration_seconds\":1").status())
                .isEqualTo(201);
        assertThat(api.get("/community/rooms/" + room + "/", token(user)).status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/community/rooms/" + room + "/", token(user)).status() == 200);
        assertThat(api.post("/community/rooms/" + room + "/messages/", token(user), "{\"content\":\"back\"}").status())
                .isEqualTo(201);
    }

    @Test
    void unmuteLiftsAMuteAtOnceAndTellsTheRoom() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String user = uid("muted");
        fx.member(room, user, "member");
        assertThat(act(room, token(owner), "unmute", "target_user_id", user, "").status()).as("not muted").isEqualTo(409);
        act(room, token(owner), "mute", "target_user_id", user, "");
        try (WsClient watcher = WsClient.connect(server, owner, roomPath(room))) {
            watcher.next("room_state");
            assertThat(act(room, token(owner), "unmute", "target_user_id", user, "").status()).isEqualTo(201);
            assertThat(watcher.next("member_updated").path("role").asText()).isEqualTo("member");
        }
        assertThat(api.post("/community/rooms/" + room + "/messages/", token(user), "{\"content\":\"thanks\"}").status())
                .isEqualTo(201);
    }

    // ---------------------------------------------------------------------------------- messages and threads

    @Test
    void messageActionsFindTheirMessageOnlyInThisRoom() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        UUID other = fx.room(uid("stranger"), RoomType.FORUM, Visibility.PUBLIC);
        Message foreign = fx.message(other, "stranger", "not yours to moderate");
        for (String action : List.of("hide", "unhide", "delete")) {
            var response = act(room, token(owner), action, "message_id", foreign.id(), "");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
        }
        Message stored = fx.storage().messages().findById(other, foreign.id()).orElseThrow();
        assertThat(stored.isHidden()).isFalse();
        assertThat(stored.isDeleted()).isFalse();
    }

    @Test
    void aModeratorDeletesThroughModerationAndTheRoomSeesIt() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String mod = uid("mod");
        fx.member(room, mod, "moderator");
        Message m = fx.message(room, "someone", "remove me");
        Message adminsMessage = fx.message(room, owner, "the owner's");
        try (WsClient watcher = WsClient.connect(server, uid("watcher"), roomPath(room))) {
            watcher.next("room_state");
            var response = act(room, token(mod), "delete", "message_id", m.id(), "");
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().path("target_user_id").asText()).isEqualTo("someone");
            assertThat(watcher.next("message_deleted").path("message_id").asText()).isEqualTo(m.id().toString());
        }
        assertThat(act(room, token(mod), "hide", "message_id", adminsMessage.id(), "").status())
                .as("the owner's message is above a moderator").isEqualTo(403);
    }

    @Test
    void lockingAThreadStopsItsMessagesUntilUnlocked() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String member = uid("member");
        fx.member(room, member, "member");
        UUID thread = fx.storage().threads().create(room, "topic", owner).id();
        UUID foreignThread = fx.storage().threads().create(fx.room(owner, RoomType.FORUM, Visibility.PUBLIC), "elsewhere", owner).id();
        String post = "/community/rooms/" + room + "/messages/";
        String body = "{\"content\":\"in thread\",\"thread_id\":\"" + thread + "\"}";

        assertThat(act(room, token(owner), "lock", "thread_id", thread, "").status()).isEqualTo(201);
        assertThat(api.post(post, token(member), body).errorCode()).isEqualTo("thread_locked");
        JsonNode threads = api.get("/community/rooms/" + room + "/threads/", token(member)).json();
        assertThat(threads.path("results").get(0).path("is_locked").asBoolean()).isTrue();
        assertThat(act(room, token(owner), "unlock", "thread_id", thread, "").status()).isEqualTo(201);
        assertThat(api.post(post, token(member), body).status()).isEqualTo(201);
        assertThat(act(room, token(owner), "lock", "thread_id", foreignThread, "").status()).isEqualTo(404);
        assertThat(act(room, token(member), "lock", "thread_id", thread, "").status()).isEqualTo(403);
    }

    // -------------------------------------------------------------------------------- audit trail and queue

    @Test
    void theAuditTrailIsForModeratorsNewestFirst() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String member = uid("member");
        fx.member(room, member, "member");
        act(room, token(owner), "warn", "target_user_id", member, "");
        act(room, token(owner), "mute", "target_user_id", member, ",\"duration_seconds\":600");

        var trail = api.get(moderation(room) + "?limit=1", token(owner));
        assertThat(trail.status()).isEqualTo(200);
        JsonNode newest = trail.json().path("results").get(0);
        assertThat(newest.path("action").asText()).isEqualTo("mute");
        assertThat(newest.path("duration_seconds").asLong()).isEqualTo(600);
        String cursor = trail.json().path("next_cursor").asText();
        assertThat(api.get(moderation(room) + "?limit=1&cursor=" + cursor, token(owner)).json().path("results").get(0)
                .path("action").asText()).isEqualTo("warn");
        assertThat(api.get(moderation(room), token(member)).status()).isEqualTo(403);
        assertThat(api.get(moderation(room), staffToken(uid("staff"))).status()).isEqualTo(200);
    }

    @Test
    void theQueueShowsMyRoomsItemsAndTakesAReview() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String mod = uid("mod");
        fx.member(room, mod, "moderator");
        String otherOwner = uid("other-owner");
        fx.room(otherOwner, RoomType.FORUM, Visibility.PUBLIC);
        Message m = fx.message(room, "author", "bad");
        for (String reporter : List.of("q1", "q2", "q3")) {
            fx.storage().reports().report(room, m.id(), reporter, "");
        }
        JsonNode queue = api.get("/community/moderation/queue/?status=pending", token(mod)).json();
        assertThat(queue.path("results")).hasSize(1);
        String item = queue.path("results").get(0).path("id").asText();
        assertThat(api.get("/community/moderation/queue/", token(otherOwner)).json().path("results")).isEmpty();
        assertThat(api.get("/community/moderation/queue/?status=nonsense", token(mod)).status()).isEqualTo(400);

        var foreignReview = api.patch("/community/moderation/queue/" + item + "/", token(otherOwner),
                "{\"status\":\"dismissed\"}");
        assertThat(foreignReview.status()).as("not in their queue").isEqualTo(404);
        assertThat(api.patch("/community/moderation/queue/" + item + "/", token(mod), "{\"status\":\"ignored\"}").status())
                .isEqualTo(400);
        var reviewed = api.patch("/community/moderation/queue/" + item + "/", token(mod), "{\"status\":\"actioned\"}");
        assertThat(reviewed.status()).isEqualTo(200);
        assertThat(reviewed.json().path("status").asText()).isEqualTo("actioned");
        assertThat(reviewed.json().path("reviewed_by").asText()).isEqualTo(mod);
        assertThat(api.get("/community/moderation/queue/?status=pending", token(mod)).json().path("results")).isEmpty();
        assertThat(api.get("/community/moderation/queue/", staffToken(uid("staff"))).json().path("results")
                .findValuesAsText("id")).contains(item);
        assertThat(api.patch("/community/moderation/queue/" + UUID.randomUUID() + "/", token(mod),
                "{\"status\":\"reviewed\"}").status()).isEqualTo(404);
    }
}
