package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
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

/** PROTOCOL.md §2 beyond the basic flow: presence, typing, limits, gates, idempotency, resume, read markers. */
class RealtimeContractIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(
                "limits.rate_messages", "5",
                "limits.max_connections_per_user", "3",
                "ws.typing_timeout_ms", "1500"));
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void severalTabsOfOneUserCountOnceInPresence() {
        UUID room = server.newForum();
        try (WsClient bob = WsClient.connect(server, "p-bob", roomPath(room))) {
            bob.next("room_state");
            WsClient tab1 = WsClient.connect(server, "p-alice", roomPath(room));
            JsonNode state = tab1.next("room_state");
            assertThat(state.path("online_users").findValuesAsText("id")).containsExactlyInAnyOrder("p-alice", "p-bob");
            assertThat(bob.next("user_joined").path("user").path("id").asText()).isEqualTo("p-alice");
            WsClient tab2 = WsClient.connect(server, "p-alice", roomPath(room));
            tab2.next("room_state");
            tab1.close();
            // A marker event proves no user_joined/user_left came in between.
            tab2.send("{\"type\":\"send_message\",\"content\":\"marker\"}");
            bob.next("new_message");
            assertThat(bob.seen()).extracting(e -> e.path("event").asText())
                    .containsExactly("room_state", "user_joined", "new_message");
            tab2.close();
            assertThat(bob.next("user_left").path("user").path("id").asText()).isEqualTo("p-alice");
        }
    }

    @Test
    void typingGoesToOthersAndTheServerClearsIt() {
        UUID room = server.newForum();
        try (WsClient alice = WsClient.connect(server, "t-alice", roomPath(room));
             WsClient bob = WsClient.connect(server, "t-bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            alice.send("{\"type\":\"typing\",\"is_typing\":true}");
            JsonNode on = bob.next("typing");
            assertThat(on.path("user").path("id").asText()).isEqualTo("t-alice");
            assertThat(on.path("is_typing").asBoolean()).isTrue();
            assertThat(bob.next("typing").path("is_typing").asBoolean()).as("cleared after the timeout").isFalse();
            // Typing again at once is told at the end of the second since the last typing event (at most one a
            // second), and it still holds then: the timeout (1.5 s) is longer.
            alice.send("{\"type\":\"typing\",\"is_typing\":true}");
            assertThat(bob.next("typing").path("is_typing").asBoolean()).isTrue();
            alice.send("{\"type\":\"send_message\",\"content\":\"done typing\"}");
            assertThat(bob.next("typing").path("is_typing").asBoolean()).as("cleared by sending").isFalse();
            alice.send("{\"type\":\"ping\"}");
            alice.next("pong");
            assertThat(alice.seen()).extracting(e -> e.path("event").asText()).doesNotContain("typing");
        }
    }

    @Test
    void theRateLimitAnswersWithRetryAfter() {
        UUID room = server.newForum();
        try (WsClient alice = WsClient.connect(server, "rl-alice", roomPath(room))) {
            alice.next("room_state");
            for (int i = 0; i < 5; i++) {
                alice.send("{\"type\":\"send_message\",\"content\":\"m" + i + "\"}");
                alice.next("new_message");
            }
            alice.send("{\"type\":\"send_message\",\"content\":\"one too many\",\"client_id\":\"over\"}");
            JsonNode error = alice.next("error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limited");
            assertThat(error.path("client_id").asText()).isEqualTo("over");
            assertThat(error.path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
        }
        assertThat(server.counter("community.messages.rejected", "code", "rate_limited")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void slowModeHoldsMembersButNotTrustedUsers() {
        UUID room = server.newForum();
        server.sql("UPDATE rooms SET slow_mode_seconds = 30 WHERE id = ?", room);
        try (WsClient member = WsClient.connect(server, "sm-member", roomPath(room));
             WsClient trusted = WsClient.connect(server, "sm-trusted", roomPath(room))) {
            member.next("room_state");
            trusted.next("room_state");
            server.setRole(room, "sm-trusted", "trusted");
        }
        try (WsClient member = WsClient.connect(server, "sm-member", roomPath(room));
             WsClient trusted = WsClient.connect(server, "sm-trusted", roomPath(room))) {
            member.next("room_state");
            trusted.next("room_state");
            member.send("{\"type\":\"send_message\",\"content\":\"first\"}");
            member.next("new_message");
            member.send("{\"type\":\"send_message\",\"content\":\"second\"}");
            JsonNode error = member.next("error");
            assertThat(error.path("code").asText()).isEqualTo("slow_mode");
            assertThat(error.path("retry_after_ms").asLong()).isBetween(25_000L, 30_000L);
            trusted.send("{\"type\":\"send_message\",\"content\":\"a\"}");
            trusted.next("new_message");
            trusted.send("{\"type\":\"send_message\",\"content\":\"b\"}");
            assertThat(trusted.next(e -> e.path("event").asText().matches("new_message|error")
                    && !"sm-member".equals(e.path("message").path("author").path("id").asText()), "reply")
                    .path("event").asText()).isEqualTo("new_message");
        }
    }

    @Test
    void trustGatesJoiningAndPosting() throws Exception {
        UUID gated = server.newForum();
        server.sql("UPDATE rooms SET min_trust_to_join = 2, min_trust_to_post = 3 WHERE id = ?", gated);
        String lowToken = api.connectionToken("tg-low");
        assertThat(upgradeStatus(roomPath(gated) + "?connection_token=" + lowToken)).isEqualTo(403);
        String trusted2 = connectionToken(Jwts.sign(Jwts.builder("tg-two").withClaim("trust_level", 2)));
        try (WsClient two = WsClient.open(server.ws(roomPath(gated) + "?connection_token=" + trusted2))) {
            two.next("room_state");
            two.send("{\"type\":\"send_message\",\"content\":\"hi\"}");
            assertThat(two.next("error").path("code").asText()).isEqualTo("trust_required");
        }
    }

    @Test
    void mutedUsersAreToldSoAndBannedUsersCannotConnect() throws Exception {
        UUID room = server.newForum();
        try (WsClient first = WsClient.connect(server, "mb-user", roomPath(room))) {
            first.next("room_state");
        }
        server.setRole(room, "mb-user", "muted");
        try (WsClient muted = WsClient.connect(server, "mb-user", roomPath(room))) {
            muted.next("room_state");
            muted.send("{\"type\":\"send_message\",\"content\":\"let me talk\",\"client_id\":\"m1\"}");
            JsonNode error = muted.next("error");
            assertThat(error.path("code").asText()).isEqualTo("muted");
            assertThat(error.path("client_id").asText()).isEqualTo("m1");
        }
        server.setRole(room, "mb-user", "banned");
        assertThat(upgradeStatus(roomPath(room) + "?connection_token=" + api.connectionToken("mb-user"))).isEqualTo(403);
    }

    @Test
    void aBanWhileConnectedClosesWith4003() {
        UUID room = server.newForum();
        try (WsClient victim = WsClient.connect(server, "ban-user", roomPath(room))) {
            victim.next("room_state");
            server.setRole(room, "ban-user", "banned");
            assertThat(victim.awaitClose()).isEqualTo(4003);
        }
    }

    @Test
    void aClientIdIsIdempotentAcrossReconnects() {
        UUID room = server.newForum();
        String firstId;
        try (WsClient alice = WsClient.connect(server, "idem-alice", roomPath(room))) {
            alice.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"x\",\"client_id\":\"same\"}");
            firstId = alice.next("new_message").path("message").path("id").asText();
        }
        try (WsClient alice = WsClient.connect(server, "idem-alice", roomPath(room))) {
            alice.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"x\",\"client_id\":\"same\"}");
            JsonNode again = alice.next("new_message");
            assertThat(again.path("message").path("id").asText()).isEqualTo(firstId);
            assertThat(again.path("client_id").asText()).isEqualTo("same");
        }
        assertThat(server.server().context().storage().rooms().findById(room).orElseThrow().messageCount()).isEqualTo(1);
    }

    @Test
    void aResumeAfterMoreThan500MessagesSaysThereIsAGap() {
        UUID room = server.newForum();
        // Store 520 messages straight through the writer: the per-user rate limit is for clients, not fixtures.
        var storage = server.server().context().storage();
        var author = new dev.community.protocol.User("gap-writer", "gap-writer");
        List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            pending.add(storage.writer().submit(new dev.community.storage.NewMessage(dev.community.storage.Uuids.v7(), room,
                    author, null, "g" + i, "text", List.of(), List.of(), null, null, java.time.Instant.now())));
        }
        pending.forEach(java.util.concurrent.CompletableFuture::join);
        try (WsClient late = WsClient.connect(server, "gap-reader", roomPath(room), 10L)) {
            JsonNode state = late.next("room_state");
            assertThat(state.path("has_gap").asBoolean()).isTrue();
            assertThat(state.path("messages").size()).isEqualTo(500);
            assertThat(state.path("messages").get(0).path("seq").asLong()).isEqualTo(21);
            assertThat(state.path("messages").get(499).path("seq").asLong()).isEqualTo(520);
            assertThat(state.path("last_seq").asLong()).isEqualTo(520);
        }
    }

    @Test
    void markReadMovesTheMarkerAndTellsMyOtherConnections() {
        UUID room = server.newForum();
        try (WsClient writer = WsClient.connect(server, "mr-writer", roomPath(room));
             WsClient phone = WsClient.connect(server, "mr-reader", roomPath(room));
             WsClient laptop = WsClient.connect(server, "mr-reader", roomPath(room))) {
            writer.next("room_state");
            phone.next("room_state");
            laptop.next("room_state");
            for (int i = 0; i < 3; i++) {
                writer.send("{\"type\":\"send_message\",\"content\":\"u" + i + "\",\"mentions\":[\"mr-reader\"]}");
                writer.next("new_message");
            }
            phone.send("{\"type\":\"mark_read\",\"seq\":2}");
            JsonNode updated = laptop.next("read_updated");
            assertThat(updated.path("room_id").asText()).isEqualTo(room.toString());
            assertThat(updated.path("last_read_seq").asLong()).isEqualTo(2);
            assertThat(updated.path("unread_count").asLong()).isEqualTo(1);
            phone.send("{\"type\":\"mark_read\",\"seq\":1}");
            assertThat(laptop.next("read_updated").path("last_read_seq").asLong()).as("never backwards").isEqualTo(2);
        }
        try (WsClient again = WsClient.connect(server, "mr-reader", roomPath(room))) {
            JsonNode room_ = again.next("room_state").path("room");
            assertThat(room_.path("last_read_seq").asLong()).isEqualTo(2);
            assertThat(room_.path("unread_count").asLong()).isEqualTo(1);
            assertThat(room_.path("unread_mentions").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aUserMayHoldOnlyTheConfiguredNumberOfConnections() throws Exception {
        UUID room = server.newForum();
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient c = WsClient.connect(server, "cap-user", roomPath(room));
                c.next("room_state");
                open.add(c);
            }
            assertThat(upgradeStatus(roomPath(room) + "?connection_token=" + api.connectionToken("cap-user"))).isEqualTo(429);
            open.remove(0).close();
            org.awaitility.Awaitility.await().untilAsserted(() ->
                    assertThat(server.server().context().connections().connectionsOf("cap-user")).isEqualTo(2));
            WsClient again = WsClient.connect(server, "cap-user", roomPath(room));
            again.next("room_state");
            open.add(again);
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private static String connectionToken(String accessToken) {
        return api.post("/auth/ws-connection-token/", accessToken, null).json().get("connection_token").asText();
    }

    static int upgradeStatus(String pathAndQuery) throws Exception {
        return upgradeStatusOn(server, pathAndQuery);
    }

    static int upgradeStatusOn(TestServer server, String pathAndQuery) throws Exception {
        return dev.community.server.support.RawWebSocket.upgradeStatus(server.port(), pathAndQuery, null);
    }
}
