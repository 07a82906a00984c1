package dev.community.server.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.protocol.CloseCodes;
import dev.community.server.support.Api;
import dev.community.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** permessage-deflate with {@code ws.compression=true}: negotiation, a round trip, the shared frames, the bomb. */
class PerMessageDeflateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFER = "permessage-deflate; client_max_window_bits";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("ws.compression", "true", "limits.rate_messages", "1000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String path(UUID room, String user) {
        return "/ws/community/room/" + room + "/?connection_token=" + new Api(server).connectionToken(user);
    }

    @Test
    void theOfferIsAcceptedWithoutContextTakeoverEitherWay() throws Exception {
        UUID room = server.newForum();
        try (DeflateSocket socket = DeflateSocket.connect(server.port(), path(room, "alice"), OFFER)) {
            String extensions = socket.responseHeaders.lines()
                    .filter(line -> line.startsWith("sec-websocket-extensions:")).findFirst().orElseThrow();
            assertThat(extensions).startsWith("sec-websocket-extensions: permessage-deflate")
                    .contains("server_no_context_takeover").contains("client_no_context_takeover");
            DeflateSocket.Frame state = socket.readUntil("room_state");
            assertThat(state.rsv1()).isTrue();
            assertThat(JSON.readTree(state.text()).path("event").asText()).isEqualTo("room_state");
        }
    }

    @Test
    void anOfferThatLimitsTheServerWindowGetsPlainFrames() throws Exception {
        UUID room = server.newForum();
        try (DeflateSocket socket = DeflateSocket.connect(server.port(), path(room, "alice"),
                "permessage-deflate; server_max_window_bits=10")) {
            assertThat(socket.responseHeaders).doesNotContain("sec-websocket-extensions");
            assertThat(socket.readUntil("room_state").rsv1()).isFalse();
        }
    }

    @Test
    void compressedAndPlainMembersGetTheSameEventAndACompressedSendIsStored() throws Exception {
        UUID room = server.newForum();
        String content = "the quick brown fox jumps over the lazy dog, ".repeat(10).strip();
        try (DeflateSocket squeezed = DeflateSocket.connect(server.port(), path(room, "alice"), OFFER);
             DeflateSocket plain = DeflateSocket.connect(server.port(), path(room, "bob"), null)) {
            squeezed.readUntil("room_state");
            plain.readUntil("room_state");
            squeezed.sendCompressed(("{\"type\":\"send_message\",\"content\":\"" + content + "\",\"client_id\":\"z-1\"}")
                    .getBytes(StandardCharsets.UTF_8));
            DeflateSocket.Frame ack = squeezed.readUntil("new_message");
            DeflateSocket.Frame broadcast = plain.readUntil("new_message");
            assertThat(ack.rsv1()).isTrue();
            assertThat(broadcast.rsv1()).isFalse();
            JsonNode ackEvent = JSON.readTree(ack.text());
            assertThat(ackEvent.path("client_id").asText()).isEqualTo("z-1");
            assertThat(ackEvent.path("message").path("content").asText()).isEqualTo(content);
            assertThat(JSON.readTree(broadcast.text()).path("message")).isEqualTo(ackEvent.path("message"));
            assertThat(ack.payload().length).isLessThan(broadcast.payload().length / 2);

            // bob's message reaches alice compressed: the standard variant's shared twin.
            plain.sendText("{\"type\":\"send_message\",\"content\":\"" + content + "!\",\"client_id\":\"p-1\"}");
            DeflateSocket.Frame heard = squeezed.readUntil(content + "!");
            assertThat(heard.rsv1()).isTrue();
            assertThat(JSON.readTree(heard.text()).path("message").path("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aCompressionBombIsClosedWith1009() throws Exception {
        UUID room = server.newForum();
        // 1 MiB of spaces inside a JSON string: about a kilobyte compressed, 64 times ws.max_frame_bytes inflated.
        byte[] bomb = ("{\"type\":\"send_message\",\"content\":\"" + " ".repeat(1 << 20) + "\",\"client_id\":\"b\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] compressed = DeflateSocket.deflate(bomb);
        assertThat(compressed.length).isLessThan(16_384);
        try (DeflateSocket socket = DeflateSocket.connect(server.port(), path(room, "mallory"), OFFER)) {
            socket.readUntil("room_state");
            socket.sendFrame(0x1, true, compressed);
            assertThat(socket.readUntilClose()).isEqualTo(CloseCodes.TOO_LARGE);
        }
        assertThat(server.counter("community.ws.closes", "code", "1009")).isEqualTo(1);
    }
}
