package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Role;
import dev.community.server.auth.Principal;
import dev.community.server.support.TestServer;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user stream's handler on an EmbeddedChannel with a real server's collaborators. */
class StreamSessionHandlerTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    EmbeddedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /** A stream of {@code user}, a member of one fresh forum, as the gatekeeper leaves it: reading off. */
    EmbeddedChannel stream(String user, UUID roomId) {
        var app = server.server().context();
        RoomRecord room = app.storage().rooms().findById(roomId).orElseThrow();
        var membership = app.storage().memberships().join(roomId, user, Role.MEMBER);
        var principal = new Principal(user, user, null, 0, false, Instant.now().plus(Duration.ofHours(1)));
        var context = new StreamContext(principal,
                List.of(new StreamContext.MyRoom(room, membership, new ReadMarker(0, 0, 0))), Set.of(), null);
        channel = new EmbeddedChannel(server.server().sessions().stream(context, (p, r, dm, since, admission) ->
                java.util.concurrent.CompletableFuture.completedFuture(UpgradeAdmission.Verdict.refused(
                        dev.community.protocol.ErrorCode.NOT_FOUND, "no such room"))));
        channel.config().setAutoRead(false);
        return channel;
    }

    @Test
    void writesReadyFirstThenReadsAndAnswersFramesAboutRoomsByName() {
        UUID roomId = server.newForum();
        EmbeddedChannel ch = stream("kai", roomId);
        ch.pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete(
                "/ws/community/stream/", EmptyHttpHeaders.INSTANCE, null));
        List<String> events = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            ch.runPendingTasks();
            events.addAll(RoomSessionHandlerTest.written(ch));
            return !events.isEmpty();
        });
        assertThat(events.get(0)).startsWith("{\"event\":\"ready\",\"user\":{\"id\":\"kai\",\"username\":\"kai\"},"
                + "\"rooms\":[{\"room\":{\"id\":\"" + roomId + "\"");
        assertThat(ch.config().isAutoRead()).as("reading starts once ready is out").isTrue();

        ch.writeInbound(text("{\"type\":\"subscribe\",\"room_id\":\"" + roomId + "\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            ch.runPendingTasks();
            events.addAll(RoomSessionHandlerTest.written(ch));
            return events.size() > 1;
        });
        // the admission (here: one that refuses) answers in the room's name
        assertThat(events.get(1)).isEqualTo("{\"event\":\"error\",\"room_id\":\"" + roomId + "\","
                + "\"code\":\"not_found\",\"message\":\"no such room\",\"client_id\":null}");

        ch.writeInbound(text("{\"type\":\"typing\",\"is_typing\":true}"));
        ch.writeInbound(text("{\"type\":\"ping\"}"));
        ch.runPendingTasks();
        assertThat(RoomSessionHandlerTest.written(ch)).containsExactly(
                "{\"event\":\"error\",\"code\":\"invalid_payload\",\"message\":\"room_id: is required on the user stream\","
                        + "\"client_id\":null}",
                "{\"event\":\"pong\"}");
    }

    private static TextWebSocketFrame text(String json) {
        return new TextWebSocketFrame(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }
}
