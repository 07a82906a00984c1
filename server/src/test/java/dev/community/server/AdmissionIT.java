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
import dev.community.server.support.RawWebSocket;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import io.micrometer.core.instrument.search.Search;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission from memory on one node (issue 15 item 1): a connect to a live room makes no database round trip (the
 * pool's borrow count proves it), a newcomer's only round trips are the writes that must happen, changes made
 * through REST hold for the next connect and for live sockets at once, and a cold room hit by many connects at
 * once is read once. The embedded store; ClusterIT runs the other nodes' half on PostgreSQL.
 */
class AdmissionIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        // No retention pass during a test: the only pool borrows are the connects' own.
        server = TestServer.start(dataDir, Map.of("limits.rate_messages", "1000",
                "retention.purge_interval_seconds", "86400"));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Connections borrowed from the database pool so far: one per round trip (or transaction). */
    static long borrows() {
        return (long) Search.in(server.meters()).name("hikaricp.connections.acquire").timer().count();
    }

    static double counter(String name, String... tags) {
        var found = Search.in(server.meters()).name(name).tags(tags).counter();
        return found == null ? 0 : found.count();
    }

    @Test
    void aMembersConnectToALiveRoomMakesNoDatabaseRoundTripAndANewcomersOnlyTheWritesItMust() {
        String owner = uid("rt-owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String member = uid("rt-member");
        try (WsClient ownerSocket = WsClient.connect(server, owner, roomPath(room))) {
            ownerSocket.next("room_state");
            fx.message(room, owner, "before anyone else");
            ownerSocket.next("new_message");

            long before = borrows();
            try (WsClient first = WsClient.connect(server, member, roomPath(room))) {
                JsonNode state = first.next("room_state");
                assertThat(state.path("room").path("my_role").asText()).isEqualTo("member");
                assertThat(state.path("room").path("member_count").asLong()).isEqualTo(2);
                // the user's claims, the first join, the block list: three, each grouped with any other connect's
                assertThat(borrows() - before).as("a newcomer's round trips").isEqualTo(3);
            }

            fx.message(room, owner, "while away");
            ownerSocket.next("new_message");
            before = borrows();
            try (WsClient again = WsClient.connect(server, member, roomPath(room))) {
                JsonNode state = again.next("room_state");
                assertThat(state.path("room").path("my_role").asText()).isEqualTo("member");
                assertThat(state.path("room").path("unread_count").asLong()).as("counted in the window").isEqualTo(1);
                assertThat(state.path("room").path("message_count").asLong()).isEqualTo(2);
                assertThat(state.path("messages").size()).isEqualTo(2);
                assertThat(borrows() - before).as("a member's reconnect to a live room").isZero();
            }
        }
    }

    @Test
    void changesThroughRestHoldForLiveSocketsAndTheNextConnect() throws Exception {
        String owner = uid("ch-owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String member = uid("ch-member");
        String base = "/community/rooms/" + room;
        try (WsClient ownerSocket = WsClient.connect(server, owner, roomPath(room))) {
            ownerSocket.next("room_state");
            double loads = counter("community.admission.room.loads");

            WsClient memberSocket = WsClient.connect(server, member, roomPath(room));
            assertThat(memberSocket.next("room_state").path("room").path("my_role").asText()).isEqualTo("member");

            // a role: the live socket is told, the next connect is admitted with it
            assertThat(api.patch(base + "/members/" + member + "/", token(owner), "{\"role\":\"moderator\"}").status())
                    .isEqualTo(200);
            assertThat(memberSocket.next("member_updated").path("role").asText()).isEqualTo("moderator");
            assertThat(roleOnConnect(room, member)).isEqualTo("moderator");

            // back to member, then a mute: the live socket may not post, nor may the next one
            assertThat(api.patch(base + "/members/" + member + "/", token(owner), "{\"role\":\"member\"}").status())
                    .isEqualTo(200);
            memberSocket.next("member_updated");
            assertThat(api.post(base + "/moderation/", token(owner),
                    "{\"action\":\"mute\",\"target_user_id\":\"" + member + "\"}").status()).isEqualTo(201);
            assertThat(memberSocket.next("member_updated").path("role").asText()).isEqualTo("muted");
            memberSocket.send("{\"type\":\"send_message\",\"content\":\"hm\",\"client_id\":\"m1\"}");
            assertThat(memberSocket.next("error").path("code").asText()).isEqualTo("muted");
            try (WsClient next = WsClient.connect(server, member, roomPath(room))) {
                assertThat(next.next("room_state").path("room").path("my_role").asText()).isEqualTo("muted");
                next.send("{\"type\":\"send_message\",\"content\":\"hm\",\"client_id\":\"m2\"}");
                assertThat(next.next("error").path("code").asText()).isEqualTo("muted");
            }

            // a ban: the live socket closes 4003, the next connect is refused
            assertThat(api.post(base + "/moderation/", token(owner),
                    "{\"action\":\"ban\",\"target_user_id\":\"" + member + "\"}").status()).isEqualTo(201);
            assertThat(memberSocket.awaitClose()).isEqualTo(4003);
            assertThat(RawWebSocket.refusal(server.port(), roomPath(room) + "?connection_token="
                    + api.connectionToken(member)))
                    .isEqualTo("403 {\"error\":{\"code\":\"forbidden\",\"message\":\"you are banned from this room\"}}");

            // unbanned, the user comes back by connecting (a first join again)
            assertThat(api.post(base + "/moderation/", token(owner),
                    "{\"action\":\"unban\",\"target_user_id\":\"" + member + "\"}").status()).isEqualTo(201);
            WsClient back = WsClient.connect(server, member, roomPath(room));
            assertThat(back.next("room_state").path("room").path("my_role").asText()).isEqualTo("member");

            // leaving: the live socket closes 4003 and the next connect joins afresh, as a plain member
            assertThat(api.post(base + "/leave/", token(member), null).status()).isEqualTo(204);
            assertThat(back.awaitClose()).isEqualTo(4003);
            assertThat(fx.storage().memberships().find(room, member).filter(m -> m.isMember())).isEmpty();
            assertThat(roleOnConnect(room, member)).isEqualTo("member");
            assertThat(fx.storage().memberships().find(room, member).orElseThrow().isMember()).isTrue();

            assertThat(counter("community.admission.room.loads") - loads)
                    .as("the live room was read from the database no more").isZero();
        }
    }

    @Test
    void aReadMarkerMovedThroughRestHoldsForTheNextConnect() {
        String owner = uid("rm-owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String reader = uid("rm-reader");
        try (WsClient ownerSocket = WsClient.connect(server, owner, roomPath(room))) {
            ownerSocket.next("room_state");
            try (WsClient first = WsClient.connect(server, reader, roomPath(room))) {
                first.next("room_state");
            }
            long seq = 0;
            for (int i = 0; i < 3; i++) {
                seq = fx.message(room, owner, "m" + i).seq();
                ownerSocket.next("new_message");
            }
            assertThat(api.post("/community/rooms/" + room + "/read/", token(reader), "{\"seq\":" + (seq - 1) + "}")
                    .status()).isEqualTo(200);
            try (WsClient again = WsClient.connect(server, reader, roomPath(room))) {
                JsonNode state = again.next("room_state").path("room");
                assertThat(state.path("last_read_seq").asLong()).isEqualTo(seq - 1);
                assertThat(state.path("unread_count").asLong()).isEqualTo(1);
            }
        }
    }

    @Test
    void aBlockThroughRestHoldsForTheNextConnectsMessagesAndUnreadCount() {
        String owner = uid("bl-owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String reader = uid("bl-reader");
        String pest = uid("bl-pest");
        try (WsClient ownerSocket = WsClient.connect(server, owner, roomPath(room))) {
            ownerSocket.next("room_state");
            try (WsClient first = WsClient.connect(server, reader, roomPath(room))) {
                first.next("room_state");
            }
            fx.message(room, pest, "noise");
            fx.message(room, owner, "signal");
            ownerSocket.next("new_message");
            ownerSocket.next("new_message");
            assertThat(api.post("/community/block/", token(reader), "{\"user_id\":\"" + pest + "\"}").status())
                    .isEqualTo(201);
            long before = borrows();
            try (WsClient again = WsClient.connect(server, reader, roomPath(room))) {
                JsonNode state = again.next("room_state");
                assertThat(state.path("room").path("unread_count").asLong()).as("the pest's message is not unread")
                        .isEqualTo(1);
                assertThat(state.path("messages").findValuesAsText("content")).containsExactly("signal");
                assertThat(borrows() - before).as("the block list was held, and the block reached it").isZero();
            }
        }
    }

    @Test
    void aColdRoomHitByManyConnectsAtOnceIsReadOnce() throws Exception {
        String owner = uid("cold-owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        for (String content : List.of("one", "two", "three")) {
            fx.message(room, owner, content);
        }
        int clients = 20;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tokens.add(api.connectionToken(uid("cold-" + i)));
        }
        double loads = counter("community.admission.room.loads");
        double windowLoads = counter("community.rooms.window.loads");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<WsClient>> connects = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            // half of them resume (as after a restart), half connect fresh
            String query = "?connection_token=" + tokens.get(i) + (i % 2 == 0 ? "&since_seq=1" : "");
            connects.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return WsClient.open(server.ws(roomPath(room) + query), server.httpClient().build());
            }));
        }
        go.countDown();
        List<WsClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                WsClient socket = connects.get(i).join();
                sockets.add(socket);
                JsonNode state = socket.next("room_state");
                assertThat(state.path("room").path("my_role").asText()).isEqualTo("member");
                assertThat(state.path("messages").findValuesAsText("content"))
                        .containsExactlyElementsOf(i % 2 == 0 ? List.of("two", "three") : List.of("one", "two", "three"));
            }
            assertThat(counter("community.admission.room.loads") - loads).as("one read of the room for all").isEqualTo(1);
            assertThat(counter("community.rooms.window.loads") - windowLoads).as("one read of its messages for all")
                    .isEqualTo(1);
            assertThat(fx.storage().rooms().findById(room).orElseThrow().memberCount()).isEqualTo(1 + clients);
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    private static String roleOnConnect(UUID room, String user) {
        try (WsClient socket = WsClient.connect(server, user, roomPath(room))) {
            return socket.next("room_state").path("room").path("my_role").asText();
        }
    }
}
