package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.RawWebSocket;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One outbound budget for every byte a connection is owed: a client that asks for replies and never reads them is
 * closed with 4008 once its socket stops taking them, and what was queued for it is released. The request budget
 * is lifted here so the replies, not the refusals, are what fills the buffers.
 */
class OutboundBudgetIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(
                "ws.max_pending_bytes", "65536",
                "limits.ws_requests_burst", "100000",
                "limits.ws_requests_per_second", "100000"));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatFloodsHistoryRequestsAndReadsNothingIsClosed4008AndItsBuffersAreReleased() throws Exception {
        UUID room = server.newForum();
        String big = "h".repeat(2000);
        for (int i = 0; i < 40; i++) {
            fx.message(room, "hist-author", big + i);
        }
        PooledByteBufAllocatorMetric pool = PooledByteBufAllocator.DEFAULT.metric();
        // Each arena may keep one chunk it has used for its next allocations: that is the pool, not a leak.
        long slack = pool.chunkSize() * (long) pool.numDirectArenas();
        long before = pool.usedDirectMemory();
        double closedBefore = server.counter("community.ws.closes", "code", "4008");
        try (RawWebSocket flooder = RawWebSocket.connect(server.port(),
                roomPath(room) + "?connection_token=" + api.connectionToken("hist-flooder"), 4096)) {
            // Each reply is cut to 32 KiB (half the budget); 300 of them are far more than any socket buffers.
            for (int i = 0; i < 300; i++) {
                flooder.sendText("{\"type\":\"request_history\",\"limit\":100}");
            }
            Awaitility.await().untilAsserted(() ->
                    assertThat(server.counter("community.ws.closes", "code", "4008")).isEqualTo(closedBefore + 1));
            assertThat(flooder.serverClosed()).isTrue();
        }
        assertThat(server.counter("community.ws.slow.consumer.closes")).isEqualTo(1);
        Awaitility.await().untilAsserted(() -> assertThat(pool.usedDirectMemory())
                .as("what was queued for the flooder is released").isLessThanOrEqualTo(before + slack));
    }

    @Test
    void aReaderThatKeepsUpIsNeverCutOffByLargeReplies() {
        UUID room = server.newForum();
        String big = "r".repeat(3000);
        for (int i = 0; i < 40; i++) {
            fx.message(room, "big-author", big + i);
        }
        try (WsClient reader = WsClient.connect(server, "big-reader", roomPath(room))) {
            reader.next("room_state");
            for (int i = 0; i < 50; i++) {
                reader.send("{\"type\":\"request_history\",\"limit\":100}");
                assertThat(reader.next("message_history").path("has_more").asBoolean()).isTrue();
            }
            assertThat(reader.isClosed()).isFalse();
        }
    }
}
