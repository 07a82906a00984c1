package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.assertContiguous;
import static dev.community.server.cluster.ClusterChecks.countAbout;
import static dev.community.server.cluster.ClusterChecks.messages;
import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.cluster.ClusterChecks.seqs;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Role;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.server.ws.RoomSession;
import dev.community.storage.Membership;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on loopback sharing one PostgreSQL schema and one Redis: fan-out across nodes in seq order, presence
 * once per cluster, tokens once on any node, bans and mutes on every node, typing across nodes, /ready and metrics.
 */
class ClusterIT {
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static TestServer a;
    static TestServer b;
    static TestServer c;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, 3, Map.of("limits.rate_messages", "100000", "ws.typing_timeout_ms", "300"));
        a = cluster.node(0);
        b = cluster.node(1);
        c = cluster.node(2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void messagesSentOnEveryNodeReachEveryMemberInSeqOrder() {
        UUID room = cluster.newForum();
        int perSender = 15;
        try (WsClient onA = WsClient.connect(a, "fan-a", roomPath(room));
             WsClient onB = WsClient.connect(b, "fan-b", roomPath(room));
             WsClient onC = WsClient.connect(c, "fan-c", roomPath(room))) {
            List<WsClient> clients = List.of(onA, onB, onC);
            clients.forEach(client -> client.next("room_state"));
            for (int i = 0; i < perSender; i++) {
                onA.send(send("a" + i, "a" + i));
                onB.send(send("b" + i, "b" + i));
                onC.send(send("c" + i, "c" + i));
            }
            for (WsClient client : clients) {
                String me = client == onA ? "fan-a" : client == onB ? "fan-b" : "fan-c";
                // Each seq once, in order; my own messages acknowledged with my client_id. Under load a node may
                // fill a gap from storage before my copy arrives: then my message comes first without client_id
                // and its acknowledgement follows it at once (the same seq again, with client_id).
                List<Long> firstSeen = new ArrayList<>();
                java.util.Set<Long> acknowledged = new java.util.HashSet<>();
                while (firstSeen.size() < 3 * perSender || acknowledged.size() < perSender) {
                    JsonNode event = client.next("new_message");
                    long seq = event.path("message").path("seq").asLong();
                    boolean mine = me.equals(event.path("message").path("author").path("id").asText());
                    if (!firstSeen.contains(seq)) {
                        firstSeen.add(seq);
                    } else {
                        assertThat(mine && !event.path("client_id").isNull())
                                .as("a seq comes again only as the late acknowledgement of my own message").isTrue();
                    }
                    if (!mine) {
                        assertThat(event.path("client_id").isNull()).as("only my own messages carry my client_id").isTrue();
                    } else if (!event.path("client_id").isNull()) {
                        assertThat(event.path("client_id").asText()).isEqualTo(event.path("message").path("content").asText());
                        assertThat(acknowledged.add(seq)).as("acknowledged once").isTrue();
                    }
                }
                assertContiguous(firstSeen, 1, 3L * perSender);
            }
        }
    }

    @Test
    void presenceJoinsAndLeavesOncePerUserForTheWholeCluster() {
        UUID room = cluster.newForum();
        try (WsClient alice = WsClient.connect(a, "p-alice", roomPath(room))) {
            assertThat(ids(alice.next("room_state").path("online_users"))).containsExactly("p-alice");
            try (WsClient bob = WsClient.connect(b, "p-bob", roomPath(room))) {
                assertThat(ids(bob.next("room_state").path("online_users"))).containsExactlyInAnyOrder("p-alice", "p-bob");
                assertThat(alice.next("user_joined").path("user").path("id").asText()).isEqualTo("p-bob");

                WsClient aliceOnC = WsClient.connect(c, "p-alice", roomPath(room));
                aliceOnC.next("room_state");
                alice.close();
                // Barriers: a message published by each node after its presence commands arrives after their events.
                try (WsClient carolOnA = WsClient.connect(a, "p-carol", roomPath(room))) {
                    carolOnA.next("room_state");
                    carolOnA.send(send("barrier a", "ba"));
                    aliceOnC.send(send("barrier c", "bc"));
                    messages(bob, 2);
                    assertThat(countAbout(bob, "user_joined", "p-alice")).as("alice was already online").isZero();
                    assertThat(countAbout(bob, "user_left", "p-alice")).as("alice is still online on C").isZero();
                    String entry = TestRedis.call(TestRedis.URL, redis -> redis.hget(cluster.prefix() + "presence:{" + room + "}", "p-alice"));
                    assertThat(entry).contains("\"username\":\"p-alice-name\"", "\"nodes\"", "\"timestamp\"");

                    aliceOnC.close();
                    assertThat(bob.next("user_left").path("user").path("id").asText()).isEqualTo("p-alice");
                    carolOnA.send(send("barrier a2", "ba2"));
                    messages(bob, 1);
                    assertThat(countAbout(bob, "user_left", "p-alice")).as("user_left once").isEqualTo(1);
                    assertThat(countAbout(bob, "user_joined", "p-carol")).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aConnectionTokenWorksOnceOnAnyNode() throws Exception {
        UUID room = cluster.newForum();
        String token = new Api(a).connectionToken("token-user");
        try (WsClient onB = WsClient.open(b.ws(roomPath(room) + "?connection_token=" + token))) {
            onB.next("room_state");
            assertThat(ClusterChecks.upgradeStatus(c, room, token)).isEqualTo(401);
            assertThat(ClusterChecks.upgradeStatus(a, room, token)).isEqualTo(401);
            assertThat(ClusterChecks.upgradeStatus(b, room, token)).isEqualTo(401);
        }
        long left = TestRedis.call(TestRedis.URL, redis -> redis.exists(cluster.prefix() + "ws_token:" + token));
        assertThat(left).as("the token is gone from Redis").isZero();
    }

    @Test
    void aBanOnOneNodeClosesTheUsersSocketsOnEveryNodeWith4003() {
        UUID room = cluster.newForum();
        try (WsClient onB = WsClient.connect(b, "ban-me", roomPath(room));
             WsClient onC = WsClient.connect(c, "ban-me", roomPath(room))) {
            onB.next("room_state");
            onC.next("room_state");
            a.server().context().control().membershipChanged(room, "ban-me",
                    new Membership(room, "ban-me", Role.BANNED, null, null, 0, Instant.now(), false));
            assertThat(onB.awaitClose()).isEqualTo(4003);
            assertThat(onC.awaitClose()).isEqualTo(4003);
        }
    }

    @Test
    void aMuteOnOneNodeAppliesToTheSessionOnAnother() {
        UUID room = cluster.newForum();
        try (WsClient muted = WsClient.connect(b, "mute-me", roomPath(room));
             WsClient moderator = WsClient.connect(a, "mute-mod", roomPath(room))) {
            muted.next("room_state");
            moderator.next("room_state");
            a.server().context().control().membershipChanged(room, "mute-me",
                    new Membership(room, "mute-me", Role.MUTED, null, null, 0, Instant.now(), true));
            // Published after the mute by the same node: once it arrives, the mute has been applied.
            moderator.send(send("after the mute", "m1"));
            muted.next("new_message");
            muted.send(send("can I?", "m2"));
            JsonNode answer = muted.next(e -> "m2".equals(e.path("client_id").asText()), "answer to m2");
            assertThat(answer.path("event").asText()).isEqualTo("error");
            assertThat(answer.path("code").asText()).isEqualTo("muted");
        }
    }

    @Test
    void aReadMarkerReachesMyConnectionsOnOtherNodes() {
        UUID room = cluster.newForum();
        try (WsClient onA = WsClient.connect(a, "reader-me", roomPath(room));
             WsClient onC = WsClient.connect(c, "reader-me", roomPath(room));
             WsClient author = WsClient.connect(b, "reader-author", roomPath(room))) {
            onA.next("room_state");
            onC.next("room_state");
            author.next("room_state");
            author.send(send("read me", "r1"));
            author.send(send("and me", "r2"));
            messages(onA, 2);
            onA.send("{\"type\":\"mark_read\",\"seq\":1}");
            JsonNode updated = onC.next("read_updated");
            assertThat(updated.path("room_id").asText()).isEqualTo(room.toString());
            assertThat(updated.path("last_read_seq").asLong()).isEqualTo(1);
            assertThat(updated.path("unread_count").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aReadMarkerMovedThroughRestReachesMyConnectionsOnEveryNode() {
        UUID room = cluster.newForum();
        try (WsClient onB = WsClient.connect(b, "rest-reader", roomPath(room));
             WsClient onC = WsClient.connect(c, "rest-reader", roomPath(room));
             WsClient author = WsClient.connect(a, "rest-author", roomPath(room))) {
            onB.next("room_state");
            onC.next("room_state");
            author.next("room_state");
            author.send(send("one", "q1"));
            author.send(send("two", "q2"));
            messages(onB, 2);
            messages(onC, 2);
            var marked = new Api(a).post("/community/rooms/" + room + "/read/",
                    dev.community.server.support.Fixtures.token("rest-reader"), "{\"seq\":2}");
            assertThat(marked.status()).isEqualTo(200);
            for (WsClient client : List.of(onB, onC)) {
                JsonNode updated = client.next("read_updated");
                assertThat(updated.path("last_read_seq").asLong()).isEqualTo(2);
                assertThat(updated.path("unread_count").asLong()).isZero();
            }
        }
    }

    @Test
    void aRoomSettingChangedOnOneNodeJudgesTheNextFrameOnEveryNode() throws Exception {
        String owner = "settings-owner";
        UUID room = cluster.node(0).server().context().storage().rooms().create("Settings", "settings-" + UUID.randomUUID(),
                dev.community.protocol.RoomType.CIRCLE, dev.community.protocol.Visibility.PUBLIC, owner, "").id();
        try (WsClient onC = WsClient.connect(c, "settings-member", roomPath(room))) {
            onC.next("room_state");
            var patched = new Api(a).patch("/community/rooms/" + room + "/",
                    dev.community.server.support.Fixtures.token(owner), "{\"slow_mode_seconds\":60}");
            assertThat(patched.status()).isEqualTo(200);
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(ClusterIT.<Integer>seenOn(c, "settings-member",
                    session -> session.room().slowModeSeconds()))
                    .as("node C's session took the new setting").isEqualTo(60));
            onC.send(send("first", "s1"));
            assertThat(onC.next("new_message").path("client_id").asText()).isEqualTo("s1");
            onC.send(send("second", "s2"));
            JsonNode refused = onC.next("error");
            assertThat(refused.path("code").asText()).isEqualTo("slow_mode");
            assertThat(refused.path("client_id").asText()).isEqualTo("s2");
        }
    }

    @Test
    void editsDeletesAndReactionsMadeThroughRestOnOneNodeReachTheRoomOnEveryNode() {
        UUID room = cluster.newForum();
        try (WsClient author = WsClient.connect(b, "x-author", roomPath(room));
             WsClient reader = WsClient.connect(c, "x-reader", roomPath(room))) {
            author.next("room_state");
            reader.next("room_state");
            author.send(send("first words", "x1"));
            author.send(send("second words", "x2"));
            List<JsonNode> posted = messages(reader, 2);
            String first = posted.get(0).path("message").path("id").asText();
            String second = posted.get(1).path("message").path("id").asText();
            Api onA = new Api(a);
            String path = "/community/rooms/" + room + "/messages/";

            assertThat(onA.patch(path + first + "/", Fixtures.token("x-author"), "{\"content\":\"better words\"}")
                    .status()).isEqualTo(200);
            for (WsClient client : List.of(author, reader)) {
                JsonNode updated = client.next("message_updated");
                assertThat(updated.path("message").path("id").asText()).isEqualTo(first);
                assertThat(updated.path("message").path("content").asText()).isEqualTo("better words");
            }
            assertThat(onA.post(path + first + "/react/", Fixtures.token("x-reader"), "{\"emoji\":\"👍\"}").status())
                    .isEqualTo(200);
            for (WsClient client : List.of(author, reader)) {
                JsonNode reactions = client.next("reactions_updated");
                assertThat(reactions.path("message_id").asText()).isEqualTo(first);
                assertThat(reactions.path("reaction_counts").path("👍").asInt()).isEqualTo(1);
            }
            assertThat(onA.post(path + first + "/pin/", Fixtures.token("owner-1"), "").status()).isEqualTo(200);
            for (WsClient client : List.of(author, reader)) {
                assertThat(client.next("message_pinned").path("message_id").asText()).isEqualTo(first);
            }
            assertThat(onA.delete(path + second + "/", Fixtures.token("x-author")).status()).isEqualTo(204);
            for (WsClient client : List.of(author, reader)) {
                assertThat(client.next("message_deleted").path("message_id").asText()).isEqualTo(second);
            }
            // the other nodes' windows took every change: a new connection there is served them in room_state
            try (WsClient late = WsClient.connect(b, "x-late", roomPath(room))) {
                JsonNode state = late.next("room_state");
                JsonNode edited = state.path("messages").get(0);
                assertThat(edited.path("content").asText()).isEqualTo("better words");
                assertThat(edited.path("reaction_counts").path("👍").asInt()).isEqualTo(1);
                assertThat(edited.path("is_pinned").asBoolean()).as("the pin reached every window").isTrue();
                assertThat(state.path("messages").get(1).path("is_deleted").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void moderationThroughRestOnOneNodeReachesTheRoomAndTheSessionsOnEveryNode() {
        UUID room = cluster.newForum();
        String moderate = "/community/rooms/" + room + "/moderation/";
        try (WsClient member = WsClient.connect(b, "y-member", roomPath(room));
             WsClient owner = WsClient.connect(c, "owner-1", roomPath(room))) {
            member.next("room_state");
            owner.next("room_state");
            member.send(send("look at this", "y1"));
            String id = messages(owner, 1).get(0).path("message").path("id").asText();
            Api onA = new Api(a);

            assertThat(onA.post(moderate, Fixtures.token("owner-1"), "{\"action\":\"hide\",\"message_id\":\"" + id
                    + "\",\"reason\":\"spoiler\"}").status()).isEqualTo(201);
            assertThat(member.next("message_updated").path("message").path("content").asText())
                    .as("hidden below moderator").isEmpty();
            assertThat(owner.next("message_updated").path("message").path("content").asText())
                    .as("whole for the owner").isEqualTo("look at this");

            assertThat(onA.post(moderate, Fixtures.token("owner-1"),
                    "{\"action\":\"mute\",\"target_user_id\":\"y-member\"}").status()).isEqualTo(201);
            for (WsClient client : List.of(member, owner)) {
                JsonNode updated = client.next("member_updated");
                assertThat(updated.path("user").path("id").asText()).isEqualTo("y-member");
                assertThat(updated.path("role").asText()).isEqualTo("muted");
            }
            // member_updated left node A after the sessions there and the relay took the mute: node B has it now
            member.send(send("may I?", "y2"));
            JsonNode refused = member.next(e -> "y2".equals(e.path("client_id").asText()), "answer to y2");
            assertThat(refused.path("event").asText()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("muted");

            assertThat(onA.post(moderate, Fixtures.token("owner-1"),
                    "{\"action\":\"ban\",\"target_user_id\":\"y-member\"}").status()).isEqualTo(201);
            assertThat(member.awaitClose()).isEqualTo(4003);
        }
    }

    @Test
    void aRoleGivenThroughRestOnOneNodeIsAnnouncedAndTakenOnEveryNode() {
        UUID room = cluster.newForum();
        try (WsClient member = WsClient.connect(c, "z-member", roomPath(room))) {
            member.next("room_state");
            var given = new Api(a).patch("/community/rooms/" + room + "/members/z-member/",
                    Fixtures.token("owner-1"), "{\"role\":\"moderator\"}");
            assertThat(given.status()).isEqualTo(200);
            JsonNode updated = member.next("member_updated");
            assertThat(updated.path("role").asText()).isEqualTo("moderator");
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(ClusterIT.<Role>seenOn(c, "z-member",
                    session -> session.membership().role()))
                    .isEqualTo(Role.MODERATOR));
        }
    }

    @Test
    void leavingAndBlockingThroughRestOnOneNodeApplyToMySocketsOnAnother() {
        UUID room = cluster.newForum();
        try (WsClient blocker = WsClient.connect(b, "w-blocker", roomPath(room));
             WsClient pest = WsClient.connect(c, "w-pest", roomPath(room));
             WsClient friend = WsClient.connect(c, "w-friend", roomPath(room))) {
            blocker.next("room_state");
            pest.next("room_state");
            friend.next("room_state");
            Api onA = new Api(a);
            assertThat(onA.post("/community/block/", Fixtures.token("w-blocker"), "{\"user_id\":\"w-pest\"}").status())
                    .isEqualTo(201);
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(ClusterIT.<Boolean>seenOn(b, "w-blocker",
                    session -> session.blocked().contains("w-pest"))).as("node B's session took the block").isTrue());
            pest.send(send("hello?", "w1"));
            pest.next(e -> "w1".equals(e.path("client_id").asText()), "acknowledgement of w1");
            friend.send(send("after the block", "w2"));
            JsonNode next = blocker.next("new_message");
            assertThat(next.path("message").path("content").asText()).isEqualTo("after the block");

            assertThat(onA.post("/community/rooms/" + room + "/leave/", Fixtures.token("w-blocker"), null).status())
                    .isEqualTo(204);
            assertThat(blocker.awaitClose()).isEqualTo(4003);
            assertThat(blocker.closeReason()).isEqualTo("removed from the room");
        }
    }

    /**
     * Admission on node B judges by what B holds in memory: a role, mute, ban, unban, leave and read marker made
     * through REST on node A reach B's live sockets and B's next connect alike, and B never reads the live room again.
     */
    @Test
    void changesThroughRestOnOneNodeHoldForTheNextConnectOnAnother() throws Exception {
        UUID room = cluster.newForum();
        String base = "/community/rooms/" + room;
        Api onA = new Api(a);
        String owner = Fixtures.token("owner-1");
        try (WsClient keeper = WsClient.connect(b, "h-keeper", roomPath(room))) {
            keeper.next("room_state");
            double loads = b.meters().get("community.admission.room.loads").counter().count();
            WsClient member = WsClient.connect(b, "h-member", roomPath(room));
            assertThat(member.next("room_state").path("room").path("my_role").asText()).isEqualTo("member");

            assertThat(onA.patch(base + "/members/h-member/", owner, "{\"role\":\"moderator\"}").status())
                    .isEqualTo(200);
            assertThat(member.next("member_updated").path("role").asText()).isEqualTo("moderator");
            assertThat(roleOnConnect(b, room, "h-member")).isEqualTo("moderator");

            assertThat(onA.post(base + "/moderation/", owner, "{\"action\":\"mute\",\"target_user_id\":\"h-member\"}")
                    .status()).isEqualTo(201);
            assertThat(member.next("member_updated").path("role").asText()).isEqualTo("muted");
            assertThat(roleOnConnect(b, room, "h-member")).isEqualTo("muted");

            assertThat(onA.post(base + "/moderation/", owner, "{\"action\":\"ban\",\"target_user_id\":\"h-member\"}")
                    .status()).isEqualTo(201);
            assertThat(member.awaitClose()).isEqualTo(4003);
            assertThat(ClusterChecks.upgradeStatus(b, room, new Api(b).connectionToken("h-member"))).isEqualTo(403);

            assertThat(onA.post(base + "/moderation/", owner, "{\"action\":\"unban\",\"target_user_id\":\"h-member\"}")
                    .status()).isEqualTo(201);
            assertThat(keeper.next(e -> "member_updated".equals(e.path("event").asText())
                    && !e.path("role").isTextual(), "the unban").path("user").path("id").asText()).isEqualTo("h-member");
            WsClient back = WsClient.connect(b, "h-member", roomPath(room));
            assertThat(back.next("room_state").path("room").path("my_role").asText()).isEqualTo("member");

            keeper.send(send("one", "h1"));
            keeper.send(send("two", "h2"));
            List<JsonNode> sent = messages(back, 2);
            long first = sent.get(0).path("message").path("seq").asLong();
            assertThat(onA.post(base + "/read/", Fixtures.token("h-member"), "{\"seq\":" + first + "}").status())
                    .isEqualTo(200);
            assertThat(back.next("read_updated").path("last_read_seq").asLong()).isEqualTo(first);
            try (WsClient again = WsClient.connect(b, "h-member", roomPath(room))) {
                JsonNode state = again.next("room_state").path("room");
                assertThat(state.path("last_read_seq").asLong()).isEqualTo(first);
                assertThat(state.path("unread_count").asLong()).isEqualTo(1);
            }

            assertThat(onA.post(base + "/leave/", Fixtures.token("h-member"), null).status()).isEqualTo(204);
            assertThat(back.awaitClose()).isEqualTo(4003);
            assertThat(roleOnConnect(b, room, "h-member")).as("connecting joins afresh").isEqualTo("member");
            assertThat(b.meters().get("community.admission.room.loads").counter().count() - loads)
                    .as("node B never read the live room again").isZero();
        }
    }

    private static String roleOnConnect(TestServer node, UUID room, String user) {
        try (WsClient socket = WsClient.connect(node, user, roomPath(room))) {
            return socket.next("room_state").path("room").path("my_role").asText();
        }
    }

    /** What {@code user}'s session on {@code node} holds, read on the session's own loop. */
    private static <T> T seenOn(TestServer node, String user, java.util.function.Function<RoomSession, T> read)
            throws Exception {
        java.util.concurrent.CompletableFuture<T> seen = new java.util.concurrent.CompletableFuture<>();
        node.server().context().connections().forEachSessionOf(user, session -> seen.complete(read.apply(session)));
        return seen.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void typingCrossesNodesAndStopsByItself() {
        UUID room = cluster.newForum();
        try (WsClient typist = WsClient.connect(a, "typist", roomPath(room));
             WsClient reader = WsClient.connect(c, "reader", roomPath(room))) {
            typist.next("room_state");
            reader.next("room_state");
            typist.send("{\"type\":\"typing\",\"is_typing\":true}");
            JsonNode on = reader.next("typing");
            assertThat(on.path("user").path("id").asText()).isEqualTo("typist");
            assertThat(on.path("is_typing").asBoolean()).isTrue();
            JsonNode off = reader.next("typing");
            assertThat(off.path("is_typing").asBoolean()).isFalse();
        }
    }

    @Test
    void readyReportsRedisAndMetricsCountTheTraffic() throws Exception {
        var ready = ClusterChecks.admin(b, "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"redis\":\"up\"", "\"database\":\"up\"");
        UUID room = cluster.newForum();
        double publishedBefore = ClusterChecks.metric(a, "community_cluster_published_total", "kind=\"message\",result=\"ok\"");
        double receivedBefore = ClusterChecks.metric(b, "community_cluster_received_total", "kind=\"message\"");
        try (WsClient sender = WsClient.connect(a, "metered", roomPath(room));
             WsClient listener = WsClient.connect(b, "listener", roomPath(room))) {
            sender.next("room_state");
            listener.next("room_state");
            sender.send(send("counted", "k1"));
            listener.next("new_message");
        }
        assertThat(ClusterChecks.metric(a, "community_cluster_published_total", "kind=\"message\",result=\"ok\"") - publishedBefore)
                .isGreaterThanOrEqualTo(1);
        assertThat(ClusterChecks.metric(b, "community_cluster_received_total", "kind=\"message\"") - receivedBefore)
                .isGreaterThanOrEqualTo(1);
        assertThat(ClusterChecks.metric(b, "community_cluster_redis_up", null)).isEqualTo(1);
        assertThat(ClusterChecks.admin(b, "/metrics").body()).contains("community_cluster_hop_seconds_bucket");
    }

    private static List<String> ids(JsonNode users) {
        List<String> ids = new ArrayList<>();
        StreamSupport.stream(users.spliterator(), false).forEach(u -> ids.add(u.path("id").asText()));
        return ids;
    }
}
