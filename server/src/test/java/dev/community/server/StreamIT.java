package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user stream (PROTOCOL.md §2.13) end to end over real sockets, on the embedded store. */
class StreamIT {
    static final String STREAM = "/ws/community/stream/";
    static final int MAX_SUBSCRIPTIONS = 3;

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("limits.rate_messages", "1000",
                "ws.max_subscriptions", Integer.toString(MAX_SUBSCRIPTIONS)));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static UUID publicRoom(String owner) {
        return fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
    }

    static JsonNode post(UUID room, String author, String content, String... mentions) {
        String mentioned = mentions.length == 0 ? "" : ",\"mentions\":[\"" + String.join("\",\"", mentions) + "\"]";
        Api.Response response = api.post("/community/rooms/" + room + "/messages/", token(author),
                "{\"content\":\"" + content + "\"" + mentioned + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    static WsClient stream(String user) {
        return WsClient.connect(server, user, STREAM);
    }

    static JsonNode next(WsClient client, String event, UUID room) {
        return client.next(node -> event.equals(node.path("event").asText())
                && room.toString().equals(node.path("room_id").asText()), event + " of " + room);
    }

    static JsonNode roomIn(JsonNode ready, UUID room) {
        for (JsonNode summary : ready.path("rooms")) {
            if (summary.path("room").path("id").asText().equals(room.toString())) {
                return summary;
            }
        }
        return null;
    }

    @Test
    void readyListsEveryRoomAndDmOfMineWithItsCounts() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID mine = publicRoom(bob);
        UUID notMine = publicRoom(bob);
        fx.member(mine, alice, "member");
        post(mine, bob, "hello");
        post(mine, bob, "hi @alice", alice);
        post(notMine, bob, "elsewhere");
        fx.seen(alice);
        assertThat(api.post("/community/dm/", token(bob), "{\"participant_ids\":[\"" + alice + "\"]}").status())
                .isEqualTo(201);
        try (WsClient client = stream(alice)) {
            JsonNode ready = client.next("ready");
            assertThat(ready.path("user").path("id").asText()).isEqualTo(alice);
            assertThat(ready.path("max_subscriptions").asInt()).isEqualTo(MAX_SUBSCRIPTIONS);
            assertThat(ready.has("token_expires_at")).isTrue();
            JsonNode summary = roomIn(ready, mine);
            assertThat(summary).isNotNull();
            assertThat(summary.path("last_seq").asLong()).isEqualTo(2);
            assertThat(summary.path("room").path("my_role").asText()).isEqualTo("member");
            assertThat(summary.path("room").path("last_read_seq").asLong()).isZero();
            assertThat(summary.path("room").path("unread_count").asLong()).isEqualTo(2);
            assertThat(summary.path("room").path("unread_mentions").asLong()).isEqualTo(1);
            assertThat(roomIn(ready, notMine)).isNull();
            List<String> types = new ArrayList<>();
            ready.path("rooms").forEach(r -> types.add(r.path("room").path("room_type").asText()));
            assertThat(types).containsExactlyInAnyOrder("forum", "dm");
        }
    }

    @Test
    void aSubscriptionGetsTheRoomsStateAndEventsTaggedWithTheRoomAndSendsThroughTheRoomsRules() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID room = publicRoom(bob);
        post(room, bob, "before");
        try (WsClient client = stream(alice);
             WsClient bobs = WsClient.connect(server, bob, roomPath(room))) {
            client.next("ready");
            bobs.next("room_state");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            JsonNode state = next(client, "room_state", room);
            assertThat(state.path("room").path("id").asText()).isEqualTo(room.toString());
            assertThat(state.path("messages").findValuesAsText("content")).containsExactly("before");
            assertThat(state.path("last_seq").asLong()).isEqualTo(1);
            // entering a public room by subscribing joins it, as connecting does
            assertThat(state.path("room").path("my_role").asText()).isEqualTo("member");
            assertThat(bobs.next("user_joined").path("user").path("id").asText()).isEqualTo(alice);
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
            assertThat(client.seen()).filteredOn(node -> "room_added".equals(node.path("event").asText()))
                    .singleElement().satisfies(added -> assertThat(added.path("room").path("room").path("id").asText())
                            .isEqualTo(room.toString()));

            post(room, bob, "live");
            JsonNode live = next(client, "new_message", room);
            assertThat(live.path("message").path("content").asText()).isEqualTo("live");
            assertThat(live.path("message").path("seq").asLong()).isEqualTo(2);

            client.send("{\"type\":\"send_message\",\"room_id\":\"" + room + "\",\"content\":\"from the stream\","
                    + "\"client_id\":\"s-1\"}");
            JsonNode ack = client.next(node -> "new_message".equals(node.path("event").asText())
                    && "s-1".equals(node.path("client_id").asText()), "the acknowledgement");
            assertThat(ack.path("room_id").asText()).isEqualTo(room.toString());
            assertThat(ack.path("message").path("seq").asLong()).isEqualTo(3);
            JsonNode seenByBob = bobs.next(node -> "new_message".equals(node.path("event").asText())
                    && node.path("message").path("seq").asLong() == 3, "alice's message");
            assertThat(seenByBob.has("room_id")).as("a room socket's events are as before").isFalse();

            client.send("{\"type\":\"typing\",\"room_id\":\"" + room + "\",\"is_typing\":true}");
            assertThat(bobs.next("typing").path("user").path("id").asText()).isEqualTo(alice);

            client.send("{\"type\":\"request_history\",\"room_id\":\"" + room + "\",\"before_seq\":3}");
            JsonNode history = next(client, "message_history", room);
            assertThat(history.path("messages").findValuesAsText("content")).containsExactly("before", "live");

            client.send("{\"type\":\"unsubscribe\",\"room_id\":\"" + room + "\"}");
            next(client, "unsubscribed", room);
            post(room, bob, "after unsubscribing");
            JsonNode activity = next(client, "room_activity", room);
            assertThat(activity.path("last_seq").asLong()).isGreaterThanOrEqualTo(3);
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
            assertThat(client.seen()).noneMatch(node -> "new_message".equals(node.path("event").asText())
                    && node.path("message").path("seq").asLong() == 4);
            // the room is hers now (joined by subscribing): her stream keeps her online in it
            bobs.next(node -> "new_message".equals(node.path("event").asText())
                    && node.path("message").path("seq").asLong() == 4, "the message after unsubscribing");
            assertThat(bobs.seen()).noneMatch(node -> "user_left".equals(node.path("event").asText()));
        }
    }

    @Test
    void roomFramesNameASubscribedRoom() {
        String alice = uid("alice");
        UUID room = publicRoom(uid("owner"));
        try (WsClient client = stream(alice)) {
            client.next("ready");
            client.send("{\"type\":\"send_message\",\"content\":\"where?\",\"client_id\":\"c-1\"}");
            JsonNode missing = client.next("error");
            assertThat(missing.path("code").asText()).isEqualTo("invalid_payload");
            assertThat(missing.path("message").asText()).isEqualTo("room_id: is required on the user stream");
            assertThat(missing.path("client_id").asText()).isEqualTo("c-1");
            client.send("{\"type\":\"mark_read\",\"room_id\":\"" + room + "\",\"seq\":1}");
            JsonNode notSubscribed = client.next("error");
            assertThat(notSubscribed.path("code").asText()).isEqualTo("not_found");
            assertThat(notSubscribed.path("room_id").asText()).isEqualTo(room.toString());
            client.send("{\"type\":\"unsubscribe\",\"room_id\":\"" + room + "\"}");
            assertThat(client.next("error").path("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void subscribingIsAdmittedAsConnectingIs() {
        String alice = uid("alice");
        String owner = uid("owner");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        UUID unknown = UUID.randomUUID();
        try (WsClient client = stream(alice)) {
            client.next("ready");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + circle + "\"}");
            JsonNode forbidden = next(client, "error", circle);
            assertThat(forbidden.path("code").asText()).isEqualTo("forbidden");
            assertThat(forbidden.path("message").asText()).isEqualTo("you may not access this room");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + unknown + "\"}");
            assertThat(next(client, "error", unknown).path("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void theSubscriptionCapRefusesOneMore() {
        String alice = uid("alice");
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i <= MAX_SUBSCRIPTIONS; i++) {
            rooms.add(publicRoom(uid("owner")));
        }
        try (WsClient client = stream(alice)) {
            client.next("ready");
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                client.send("{\"type\":\"subscribe\",\"room_id\":\"" + rooms.get(i) + "\"}");
                next(client, "room_state", rooms.get(i));
            }
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + rooms.get(0) + "\"}");
            JsonNode twice = next(client, "error", rooms.get(0));
            assertThat(twice.path("code").asText()).isEqualTo("invalid_payload");
            UUID extra = rooms.get(MAX_SUBSCRIPTIONS);
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + extra + "\"}");
            JsonNode refused = next(client, "error", extra);
            assertThat(refused.path("code").asText()).isEqualTo("too_many_subscriptions");
            assertThat(refused.path("message").asText())
                    .isEqualTo("at most 3 subscriptions on one stream; unsubscribe from one first");
            client.send("{\"type\":\"unsubscribe\",\"room_id\":\"" + rooms.get(0) + "\"}");
            next(client, "unsubscribed", rooms.get(0));
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + extra + "\"}");
            next(client, "room_state", extra);
        }
    }

    @Test
    void activityAndMentionsOfEveryRoomArriveWithoutSubscribing() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID room = publicRoom(bob);
        fx.member(room, alice, "member");
        try (WsClient client = stream(alice)) {
            client.next("ready");
            post(room, bob, "one");
            JsonNode first = next(client, "room_activity", room);
            assertThat(first.path("last_seq").asLong()).isEqualTo(1);
            assertThat(first.path("unread_count").asLong()).isEqualTo(1);
            assertThat(first.path("unread_mentions").asLong()).isZero();
            post(room, bob, "hey @alice", alice);
            JsonNode mention = next(client, "mentioned", room);
            assertThat(mention.path("message").path("content").asText()).isEqualTo("hey @alice");
            assertThat(mention.path("message").path("seq").asLong()).isEqualTo(2);
            // within the second after the first: told once the second is over, with both counted
            JsonNode second = next(client, "room_activity", room);
            assertThat(second.path("last_seq").asLong()).isEqualTo(2);
            assertThat(second.path("unread_count").asLong()).isEqualTo(2);
            assertThat(second.path("unread_mentions").asLong()).isEqualTo(1);
            // my own messages are not unread
            post(room, alice, "mine");
            JsonNode third = next(client, "room_activity", room);
            assertThat(third.path("last_seq").asLong()).isEqualTo(3);
            assertThat(third.path("unread_count").asLong()).isEqualTo(2);
            // my read marker moved over REST: read_updated, and the counts follow it
            assertThat(api.post("/community/rooms/" + room + "/read/", token(alice), "{\"seq\":3}").status())
                    .isEqualTo(200);
            JsonNode read = next(client, "read_updated", room);
            assertThat(read.path("last_read_seq").asLong()).isEqualTo(3);
            assertThat(read.path("unread_count").asLong()).isZero();
            post(room, bob, "four");
            JsonNode fourth = next(client, "room_activity", room);
            assertThat(fourth.path("last_seq").asLong()).isEqualTo(4);
            assertThat(fourth.path("unread_count").asLong()).isEqualTo(1);
            assertThat(fourth.path("unread_mentions").asLong()).isZero();
        }
    }

    @Test
    void blockedAuthorsCountForNothingAndReachNoSubscription() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        UUID room = publicRoom(carol);
        fx.member(room, alice, "member");
        assertThat(api.post("/community/block/", token(alice), "{\"user_id\":\"" + bob + "\"}").status())
                .isEqualTo(201);
        try (WsClient client = stream(alice)) {
            client.next("ready");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            next(client, "room_state", room);
            post(room, bob, "@alice blocked", alice);
            post(room, carol, "visible");
            JsonNode message = next(client, "new_message", room);
            assertThat(message.path("message").path("content").asText()).isEqualTo("visible");
            JsonNode activity = client.next(node -> "room_activity".equals(node.path("event").asText())
                    && node.path("last_seq").asLong() == 2, "activity up to seq 2");
            assertThat(activity.path("unread_count").asLong()).isEqualTo(1);
            assertThat(activity.path("unread_mentions").asLong()).isZero();
            assertThat(client.seen()).noneMatch(node -> "mentioned".equals(node.path("event").asText()));
        }
    }

    @Test
    void membershipChangesReachTheStreamAndABanEndsTheSubscription() {
        String alice = uid("alice");
        String owner = uid("owner");
        UUID room = publicRoom(owner);
        fx.member(room, alice, "member");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        try (WsClient client = stream(alice);
             WsClient watcher = WsClient.connect(server, owner, roomPath(room))) {
            client.next("ready");
            watcher.next("room_state");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            next(client, "room_state", room);

            assertThat(api.patch("/community/rooms/" + room + "/members/" + alice + "/", token(owner),
                    "{\"role\":\"trusted\"}").status()).isEqualTo(200);
            JsonNode role = next(client, "membership_updated", room);
            assertThat(role.path("my_role").asText()).isEqualTo("trusted");
            assertThat(next(client, "member_updated", room).path("role").asText()).isEqualTo("trusted");

            assertThat(api.patch("/community/rooms/" + room + "/", token(owner), "{\"slow_mode_seconds\":30}")
                    .status()).isEqualTo(200);
            JsonNode updated = client.next("room_updated");
            assertThat(updated.path("room").path("id").asText()).isEqualTo(room.toString());
            assertThat(updated.path("room").path("slow_mode_seconds").asInt()).isEqualTo(30);
            assertThat(updated.path("room").path("my_role").asText()).isEqualTo("trusted");

            assertThat(api.post("/community/rooms/" + circle + "/members/", token(owner),
                    "{\"user_id\":\"" + alice + "\"}").status()).isEqualTo(201);
            JsonNode added = client.next("room_added");
            assertThat(added.path("room").path("room").path("id").asText()).isEqualTo(circle.toString());
            assertThat(added.path("room").path("room").path("my_role").asText()).isEqualTo("member");

            assertThat(api.post("/community/rooms/" + room + "/moderation/", token(owner),
                    "{\"action\":\"ban\",\"target_user_id\":\"" + alice + "\"}").status()).isEqualTo(201);
            JsonNode removed = next(client, "room_removed", room);
            assertThat(removed.path("reason").asText()).isEqualTo("banned");
            assertThat(watcher.next("user_left").path("user").path("id").asText()).isEqualTo(alice);
            // the stream stays open; the room's events stop
            post(room, owner, "after the ban");
            watcher.next("new_message");
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
            assertThat(client.isClosed()).isFalse();
            assertThat(client.seen()).noneMatch(node -> room.toString().equals(node.path("room_id").asText())
                    && "new_message".equals(node.path("event").asText()));
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            JsonNode refused = next(client, "error", room);
            assertThat(refused.path("code").asText()).isEqualTo("forbidden");
            assertThat(refused.path("message").asText()).isEqualTo("you are banned from this room");
        }
    }

    @Test
    void leavingAndNewDmsReachTheStream() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID room = publicRoom(bob);
        try (WsClient client = stream(alice)) {
            client.next("ready");
            assertThat(api.post("/community/rooms/" + room + "/join/", token(alice), null).status()).isEqualTo(200);
            JsonNode joined = client.next("room_added");
            assertThat(joined.path("room").path("room").path("id").asText()).isEqualTo(room.toString());
            Api.Response dm = api.post("/community/dm/", token(bob), "{\"participant_ids\":[\"" + alice + "\"]}");
            assertThat(dm.status()).isEqualTo(201);
            JsonNode newDm = client.next("room_added");
            assertThat(newDm.path("room").path("room").path("id").asText()).isEqualTo(dm.json().path("id").asText());
            assertThat(newDm.path("room").path("room").path("room_type").asText()).isEqualTo("dm");
            assertThat(api.post("/community/rooms/" + room + "/leave/", token(alice), null).status()).isEqualTo(204);
            assertThat(next(client, "room_removed", room).path("reason").asText()).isEqualTo("left");
        }
    }

    @Test
    void joiningOnFirstAccessByAPostOrARoomSocketReachesTheStream() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID posted = publicRoom(bob);
        UUID opened = publicRoom(bob);
        try (WsClient client = stream(alice)) {
            client.next("ready");
            post(posted, alice, "first words");
            JsonNode byPost = client.next("room_added");
            assertThat(byPost.path("room").path("room").path("id").asText()).isEqualTo(posted.toString());
            assertThat(byPost.path("room").path("room").path("my_role").asText()).isEqualTo("member");
            try (WsClient socket = WsClient.connect(server, alice, roomPath(opened))) {
                socket.next("room_state");
                JsonNode bySocket = client.next("room_added");
                assertThat(bySocket.path("room").path("room").path("id").asText()).isEqualTo(opened.toString());
                assertThat(bySocket.path("room").path("room").path("my_role").asText()).isEqualTo("member");
            }
            // entering again (a member now) tells nothing more
            post(posted, alice, "again");
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
            assertThat(client.seen()).filteredOn(node -> "room_added".equals(node.path("event").asText())
                    || "membership_updated".equals(node.path("event").asText()))
                    .extracting(node -> node.path("room").path("room").path("id").asText())
                    .containsExactly(posted.toString(), opened.toString());
        }
    }

    @Test
    void myOtherDevicesMarkReadAndTheMarkingStreamHearsNothing() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID room = publicRoom(bob);
        fx.member(room, alice, "member");
        post(room, bob, "one");
        try (WsClient phone = stream(alice);
             WsClient laptop = stream(alice)) {
            phone.next("ready");
            laptop.next("ready");
            phone.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            next(phone, "room_state", room);
            phone.send("{\"type\":\"mark_read\",\"room_id\":\"" + room + "\",\"seq\":1}");
            JsonNode read = next(laptop, "read_updated", room);
            assertThat(read.path("last_read_seq").asLong()).isEqualTo(1);
            assertThat(read.path("unread_count").asLong()).isZero();
            phone.send("{\"type\":\"ping\"}");
            phone.next("pong");
            assertThat(phone.seen()).noneMatch(node -> "read_updated".equals(node.path("event").asText()));
        }
    }

    @Test
    void aRoomSocketKnowsNoStreamFrames() {
        UUID room = publicRoom(uid("owner"));
        try (WsClient client = WsClient.connect(server, uid("alice"), roomPath(room))) {
            client.next("room_state");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            JsonNode error = client.next("error");
            assertThat(error.path("code").asText()).isEqualTo("unknown_type");
            assertThat(error.path("message").asText()).isEqualTo("type: unknown frame type 'subscribe'");
        }
    }

    @Test
    void aPersonIsOnlineInEachOfTheirRoomsWhileAnyConnectionIsOpen() {
        String alice = uid("alice");
        String bob = uid("bob");
        UUID room = publicRoom(bob);
        fx.member(room, alice, "member");
        fx.seen(alice);
        Api.Response dm = api.post("/community/dm/", token(bob), "{\"participant_ids\":[\"" + alice + "\"]}");
        UUID dmId = UUID.fromString(dm.json().path("id").asText());
        try (WsClient bobsRoom = WsClient.connect(server, bob, roomPath(room));
             WsClient bobsStream = stream(bob)) {
            bobsRoom.next("room_state");
            JsonNode bobsReady = bobsStream.next("ready");
            assertThat(roomIn(bobsReady, dmId).path("online_users")).isEmpty();
            assertThat(roomIn(bobsReady, room).has("online_users")).isFalse();
            try (WsClient alices = stream(alice)) {
                JsonNode ready = alices.next("ready");
                // bob's stream makes him online in our DM, without either of us having it open
                assertThat(roomIn(ready, dmId).path("online_users").findValuesAsText("id")).containsExactly(bob);
                // alice's stream makes her online in the forum for those who have it open
                assertThat(bobsRoom.next("user_joined").path("user").path("id").asText()).isEqualTo(alice);
                JsonNode joined = next(bobsStream, "user_joined", dmId);
                assertThat(joined.path("user").path("id").asText()).isEqualTo(alice);
            }
            assertThat(bobsRoom.next("user_left").path("user").path("id").asText()).isEqualTo(alice);
            assertThat(next(bobsStream, "user_left", dmId).path("user").path("id").asText()).isEqualTo(alice);
        }
    }

    @Test
    void slowModeAndTheRoomsRulesJudgeASendOnTheStreamAsOnARoomSocket() {
        String alice = uid("alice");
        String owner = uid("owner");
        UUID room = publicRoom(owner);
        assertThat(api.patch("/community/rooms/" + room + "/", token(owner), "{\"slow_mode_seconds\":600}").status())
                .isEqualTo(200);
        try (WsClient client = stream(alice)) {
            client.next("ready");
            client.send("{\"type\":\"subscribe\",\"room_id\":\"" + room + "\"}");
            next(client, "room_state", room);
            client.send("{\"type\":\"send_message\",\"room_id\":\"" + room + "\",\"content\":\"one\",\"client_id\":\"m-1\"}");
            assertThat(next(client, "new_message", room).path("client_id").asText()).isEqualTo("m-1");
            client.send("{\"type\":\"send_message\",\"room_id\":\"" + room + "\",\"content\":\"two\",\"client_id\":\"m-2\"}");
            JsonNode refused = next(client, "error", room);
            assertThat(refused.path("code").asText()).isEqualTo("slow_mode");
            assertThat(refused.path("client_id").asText()).isEqualTo("m-2");
            assertThat(refused.path("retry_after_ms").asLong()).isPositive();
            client.send("{\"type\":\"send_message\",\"room_id\":\"" + room + "\",\"content\":\"\",\"client_id\":\"m-3\"}");
            JsonNode empty = next(client, "error", room);
            assertThat(empty.path("code").asText()).isEqualTo("empty_content");
            assertThat(empty.path("client_id").asText()).isEqualTo("m-3");
        }
    }

    @Test
    void theStreamSpendsTheConnectionsRequestBudget(@TempDir Path tightDir) throws Exception {
        try (TestServer tight = TestServer.start(tightDir, Map.of("limits.ws_requests_per_second", "1",
                "limits.ws_requests_burst", "2"));
             WsClient client = WsClient.connect(tight, uid("alice"), STREAM)) {
            client.next("ready");
            for (int i = 0; i < 5; i++) {
                client.send("{\"type\":\"ping\"}");
            }
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode answer = client.next(node -> "pong".equals(node.path("event").asText())
                        || "error".equals(node.path("event").asText()), "an answer");
                answers.add(answer.path("event").asText().equals("pong") ? "pong" : answer.path("code").asText());
            }
            assertThat(answers.subList(0, 2)).containsExactly("pong", "pong");
            assertThat(answers).contains("rate_limited");
        }
    }
}
