package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Role;
import dev.community.server.auth.Principal;
import dev.community.server.support.TestServer;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import io.netty.buffer.ByteBuf;
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
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room session handler on an EmbeddedChannel, with a real server's collaborators: it reads nothing until it has
 * written room_state, and then answers frames in order.
 */
class RoomSessionHandlerTest {
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

    EmbeddedChannel session(String user) {
        var app = server.server().context();
        UUID roomId = server.newForum();
        RoomRecord room = app.storage().rooms().findById(roomId).orElseThrow();
        var membership = app.storage().memberships().join(roomId, user, Role.MEMBER);
        var principal = new Principal(user, user, null, 0, false, Instant.now().plus(Duration.ofHours(1)));
        var context = new SessionContext(principal, room, membership, new ReadMarker(0, 0, 0), null,
                app.connections().admitting(user, roomId));
        channel = new EmbeddedChannel(server.server().sessions().room(context));
        // As the gatekeeper leaves it: reading off until the session has written room_state.
        channel.config().setAutoRead(false);
        return channel;
    }

    /** The text payloads written so far (pre-encoded frames carry a 2-byte header for short events). */
    static List<String> written(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        Object message;
        while ((message = ch.readOutbound()) != null) {
            if (message instanceof ByteBuf frame) {
                int length = frame.getUnsignedByte(1) & 0x7f;
                int header = length == 126 ? 4 : length == 127 ? 10 : 2;
                out.add(frame.toString(header, frame.readableBytes() - header, StandardCharsets.UTF_8));
                frame.release();
            } else if (message instanceof TextWebSocketFrame text) {
                out.add(text.text());
                text.release();
            } else {
                io.netty.util.ReferenceCountUtil.release(message);
            }
        }
        return out;
    }

    @Test
    void readsNothingUntilRoomStateIsWrittenThenAnswersInOrder() {
        EmbeddedChannel ch = session("hana");
        ch.pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete(
                "/ws/community/room/x/", EmptyHttpHeaders.INSTANCE, null));
        assertThat(ch.config().isAutoRead()).as("still not reading: room_state is not written yet").isFalse();
        assertThat(written(ch)).isEmpty();
        // room_state needs the block list from storage (a blocking thread), then comes back to the channel's loop.
        List<String> events = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            ch.runPendingTasks();
            events.addAll(written(ch));
            return !events.isEmpty();
        });
        assertThat(events.get(0)).startsWith("{\"event\":\"room_state\"");
        assertThat(ch.config().isAutoRead()).as("reading resumes once room_state is out").isTrue();

        ch.writeInbound(new TextWebSocketFrame(Unpooled.copiedBuffer("{\"type\":\"ping\"}", StandardCharsets.UTF_8)));
        ch.runPendingTasks();
        assertThat(written(ch)).containsExactly("{\"event\":\"pong\"}");
    }
}
