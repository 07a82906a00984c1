package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.support.Api;
import dev.community.server.support.RawWebSocket;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that break the rules are cut off with the contract's close codes, and nobody else notices. */
class MisbehavingClientsIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(
                "limits.rate_messages", "100000",
                "ws.max_bad_frames", "3",
                "ws.handshake_timeout_seconds", "1",
                "ws.max_pending_bytes", "262144"));
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private RawWebSocket raw(UUID room, String user, int receiveBuffer) throws Exception {
        return RawWebSocket.connect(server.port(), roomPath(room) + "?connection_token=" + api.connectionToken(user),
                receiveBuffer);
    }

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws Exception {
        try (RawWebSocket ws = raw(server.newForum(), "utf8-user", 0)) {
            ws.sendFrame(RawWebSocket.TEXT, true, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertThat(ws.readUntilClose()).isEqualTo(1007);
        }
        Awaitility.await().untilAsserted(() ->
                assertThat(server.counter("community.ws.closes", "code", "1007")).isEqualTo(1));
    }

    @Test
    void aFragmentedMessageIsLimitedByItsTotalSize() throws Exception {
        try (RawWebSocket ws = raw(server.newForum(), "frag-user", 0)) {
            byte[] chunk = new byte[10 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            ws.sendFrame(RawWebSocket.TEXT, false, chunk);
            ws.sendFrame(RawWebSocket.CONTINUATION, true, chunk);
            assertThat(ws.readUntilClose()).isEqualTo(1009);
        }
    }

    @Test
    void aFragmentedMessageUnderTheLimitIsReassembled() throws Exception {
        UUID room = server.newForum();
        try (WsClient watcher = WsClient.connect(server, "frag-watch", roomPath(room));
             RawWebSocket ws = raw(room, "frag-ok", 0)) {
            watcher.next("room_state");
            ws.sendFrame(RawWebSocket.TEXT, false, "{\"type\":\"send_message\",".getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(RawWebSocket.CONTINUATION, true, "\"content\":\"in two parts\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(watcher.next("new_message").path("message").path("content").asText()).isEqualTo("in two parts");
        }
    }

    @Test
    void repeatedBadFramesCloseWith1008() {
        try (WsClient client = WsClient.connect(server, "bad-user", roomPath(server.newForum()))) {
            client.next("room_state");
            client.send("nope");
            client.send("[]");
            client.send("{\"type\":\"fly\"}");
            assertThat(client.awaitClose()).isEqualTo(1008);
            assertThat(client.pending()).extracting(e -> e.path("code").asText())
                    .containsExactly("invalid_json", "invalid_payload", "unknown_type");
        }
    }

    @Test
    void aSlowlorisRequestIsCutOffAtTheDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /ws/community/room/x/ HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            int read = in.read();
            assertThat(read).as("the server closes without answering").isEqualTo(-1);
            assertThat(System.nanoTime() - started).isGreaterThan(500_000_000L);
            Awaitility.await().untilAsserted(() ->
                    assertThat(server.counter("community.http.request.timeouts")).isGreaterThanOrEqualTo(1));
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWithoutSlowingTheRoom() throws Exception {
        UUID room = server.newForum();
        try (WsClient sender = WsClient.connect(server, "fast-sender", roomPath(room));
             WsClient reader = WsClient.connect(server, "fast-reader", roomPath(room));
             RawWebSocket stalled = raw(room, "stalled", 4096)) {
            sender.next("room_state");
            reader.next("room_state");
            String big = "y".repeat(3900);
            // Enough to fill the kernel's socket buffers (autotuned up to a few MiB) and then Netty's.
            int messages = 1500;
            for (int i = 0; i < messages; i++) {
                sender.send("{\"type\":\"send_message\",\"content\":\"" + big + "\",\"client_id\":\"s" + i + "\"}");
            }
            for (int i = 0; i < messages; i++) {
                assertThat(reader.next("new_message").path("message").path("seq").asLong()).isEqualTo(i + 1);
            }
            Awaitility.await().untilAsserted(() ->
                    assertThat(server.counter("community.ws.slow.consumer.closes")).isEqualTo(1));
            assertThat(server.counter("community.ws.closes", "code", "4008")).isEqualTo(1);
            assertThat(stalled.serverClosed()).isTrue();
        }
    }
}
