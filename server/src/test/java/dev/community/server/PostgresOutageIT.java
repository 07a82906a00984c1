package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TcpProxy;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.storage.PostgresTestDatabase;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on PostgreSQL, reached through a relay the test can cut: /ready follows the database, and while it is
 * down sends answer unavailable and nothing is acknowledged that was not stored.
 */
class PostgresOutageIT {
    @TempDir
    Path dataDir;
    PostgresTestDatabase database;
    TcpProxy proxy;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        database = new PostgresTestDatabase().create();
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.*)").matcher(database.url());
        assertThat(m.matches()).as("a jdbc:postgresql://host[:port]/db URL: " + database.url()).isTrue();
        proxy = new TcpProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        server = TestServer.start(dataDir, Map.of(
                "db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3),
                "db.user", database.user,
                "limits.rate_messages", "1000"));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        database.drop();
    }

    int ready() throws Exception {
        return CheckedHttp.send(HttpRequest.newBuilder(server.admin("/ready")).timeout(Duration.ofSeconds(10)).build())
                .statusCode();
    }

    @Test
    void readyAndSendsFollowTheDatabase() throws Exception {
        UUID room = server.forum("general");
        assertThat(ready()).isEqualTo(200);
        try (WsClient alice = WsClient.connect(server, "pg-alice", roomPath(room))) {
            alice.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"before\",\"client_id\":\"b\"}");
            assertThat(alice.next("new_message").path("message").path("seq").asLong()).isEqualTo(1);

            proxy.cut();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready() == 503);
            alice.send("{\"type\":\"send_message\",\"content\":\"during\",\"client_id\":\"d\"}");
            JsonNode answer = alice.next(e -> e.has("client_id") && "d".equals(e.path("client_id").asText()), "answer to d");
            assertThat(answer.path("event").asText()).isEqualTo("error");
            assertThat(answer.path("code").asText()).isEqualTo("unavailable");

            proxy.restore();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready() == 200);
            alice.send("{\"type\":\"send_message\",\"content\":\"during\",\"client_id\":\"d\"}");
            JsonNode retried = alice.next("new_message");
            assertThat(retried.path("client_id").asText()).isEqualTo("d");
            assertThat(retried.path("message").path("seq").asLong()).as("nothing was stored while down").isEqualTo(2);
        }
    }
}
