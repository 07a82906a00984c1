package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.ws.RoomSessionHandler;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Idle connections and graceful shutdown. */
class LifecycleIT {
    @TempDir
    Path dataDir;

    @Test
    void aConnectionWithNoFrameForTheIdleTimeoutClosesWith1001() throws Exception {
        try (TestServer server = TestServer.start(dataDir, Map.of("ws.idle_timeout_seconds", "1"));
             WsClient quiet = WsClient.connect(server, "quiet", roomPath(server.forum("general")))) {
            quiet.next("room_state");
            assertThat(quiet.awaitClose()).isEqualTo(1001);
        }
    }

    @Test
    void pingsKeepAConnectionAlive() throws Exception {
        try (TestServer server = TestServer.start(dataDir, Map.of("ws.idle_timeout_seconds", "1"));
             WsClient chatty = WsClient.connect(server, "chatty", roomPath(server.forum("general")))) {
            chatty.next("room_state");
            long until = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < until) {
                chatty.send("{\"type\":\"ping\"}");
                chatty.next("pong");
                Awaitility.await().pollDelay(java.time.Duration.ofMillis(300)).until(() -> true);
            }
            assertThat(chatty.isClosed()).isFalse();
        }
    }

    @Test
    void theSessionLogLineCarriesTheCloseCodeTheClientReceived() throws Exception {
        Logger sessions = (Logger) LoggerFactory.getLogger(RoomSessionHandler.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        sessions.addAppender(captured);
        try {
            TestServer server = TestServer.start(dataDir);
            UUID room = server.forum("general");
            try (WsClient client = WsClient.connect(server, "shut-down", roomPath(room))) {
                client.next("room_state");
                server.close();
                assertThat(client.awaitClose()).isEqualTo(1001);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sessionEnd(captured) != null);
            assertThat(sessionEnd(captured)).matches("ws session user=shut-down room=" + room
                    + " type=forum duration_ms=\\d+ code=1001");
        } finally {
            sessions.detachAppender(captured);
        }
    }

    private static String sessionEnd(ListAppender<ILoggingEvent> captured) {
        return List.copyOf(captured.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("ws session user=shut-down ")).findFirst().orElse(null);
    }

    @Test
    void shutdownAnswersEveryAcceptedMessageThenClosesWith1001() throws Exception {
        Set<String> acked = new HashSet<>();
        Set<String> unavailable = new HashSet<>();
        UUID room;
        TestServer server = TestServer.start(dataDir, Map.of("limits.rate_messages", "100000"));
        room = server.forum("general");
        try (WsClient client = WsClient.connect(server, "closing", roomPath(room))) {
            client.next("room_state");
            for (int i = 0; i < 300; i++) {
                client.send("{\"type\":\"send_message\",\"content\":\"bye " + i + "\",\"client_id\":\"s" + i + "\"}");
            }
            Thread stopper = new Thread(server::close);
            stopper.start();
            assertThat(client.awaitClose()).isEqualTo(1001);
            stopper.join();
            for (JsonNode event : client.pending()) {
                if ("new_message".equals(event.path("event").asText())) {
                    acked.add(event.path("client_id").asText());
                } else if ("unavailable".equals(event.path("code").asText())) {
                    unavailable.add(event.path("client_id").asText());
                }
            }
        }
        try (TestServer again = TestServer.start(dataDir, Map.of("limits.rate_messages", "100000"))) {
            Set<String> stored = new HashSet<>();
            for (var m : again.server().context().storage().messages().latest(room, 500)) {
                stored.add(m.content().replace("bye ", "s"));
            }
            assertThat(stored).as("every stored message was acknowledged").isEqualTo(acked);
            assertThat(java.util.Collections.disjoint(unavailable, stored)).as("nothing answered unavailable was stored")
                    .isTrue();
        }
    }
}
