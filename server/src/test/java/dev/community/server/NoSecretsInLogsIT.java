package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Access and connection tokens, and message content, never reach the logs, even at DEBUG. */
class NoSecretsInLogsIT {
    @TempDir
    Path dataDir;

    @Test
    void tokensAndContentStayOutOfTheLogs() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level previous = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        String accessToken = Jwts.token("log-user");
        String secretContent = "my secret words " + UUID.randomUUID();
        String connectionToken;
        try (TestServer server = TestServer.start(dataDir)) {
            Api api = new Api(server);
            connectionToken = api.post("/auth/ws-connection-token/", accessToken, null).json().get("connection_token").asText();
            UUID room = server.forum("general");
            try (WsClient client = WsClient.open(server.ws(roomPath(room) + "?connection_token=" + connectionToken))) {
                client.next("room_state");
                client.send("{\"type\":\"send_message\",\"content\":\"" + secretContent + "\"}");
                client.next("new_message");
            }
            // a refused upgrade logs nothing of its token either
            api.post("/auth/ws-connection-token/", accessToken + "x", null);
        } finally {
            root.setLevel(previous);
            root.detachAppender(captured);
        }
        assertThat(captured.list).isNotEmpty();
        assertThat(captured.list).anyMatch(e -> e.getFormattedMessage().contains("ws open user=log-user"));
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(accessToken).doesNotContain(connectionToken).doesNotContain(secretContent);
        }
    }
}
