package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator port against a real server: metrics that move with traffic, the admin API, and port separation. */
class OperatorsIT {
    static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("admin.token", ADMIN_TOKEN, "limits.rate_messages", "1000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.admin(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CheckedHttp.send(request.build());
    }

    static double metric(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + (labels == null ? "" : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*}")
                + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void metricsMoveByExactlyWhatTheTrafficDid() throws Exception {
        String before = admin("GET", "/metrics", null, null).body();
        UUID room = server.newForum();
        try (WsClient alice = WsClient.connect(server, "metrics-alice", roomPath(room))) {
            alice.next("room_state");
            for (int i = 0; i < 3; i++) {
                alice.send("{\"type\":\"send_message\",\"content\":\"counted " + i + "\"}");
                alice.next("new_message");
            }
            alice.send("{oops");
            alice.next("error");
            String during = admin("GET", "/metrics", null, null).body();
            assertThat(metric(during, "community_ws_connections", null)).isGreaterThanOrEqualTo(1);
            assertThat(metric(during, "community_messages_stored_total", null)
                    - metric(before, "community_messages_stored_total", null)).isEqualTo(3);
            assertThat(metric(during, "community_writer_messages_stored_total", null)
                    - metric(before, "community_writer_messages_stored_total", null)).isEqualTo(3);
            assertThat(metric(during, "community_messages_rejected_total", "code=\"invalid_json\"")
                    - metric(before, "community_messages_rejected_total", "code=\"invalid_json\"")).isEqualTo(1);
            assertThat(metric(during, "community_ws_handshakes_total", "result=\"ok\"")
                    - metric(before, "community_ws_handshakes_total", "result=\"ok\"")).isEqualTo(1);
            assertThat(metric(during, "community_messages_received_total", "room_type=\"forum\"")
                    - metric(before, "community_messages_received_total", "room_type=\"forum\"")).isEqualTo(3);
            assertThat(during).contains("community_messages_send_to_stored_seconds_bucket", "community_writer_commit_seconds_bucket",
                    "hikaricp_connections_active", "jvm_memory_used_bytes", "netty_allocator_memory_used");
        }
    }

    @Test
    void healthAndReady() throws Exception {
        assertThat(admin("GET", "/health", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = admin("GET", "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\":\"up\"");
    }

    @Test
    void theAdminApiNeedsTheAdminToken() throws Exception {
        assertThat(admin("GET", "/admin/stats", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/stats", "wrong", null).statusCode()).isEqualTo(401);
        var stats = admin("GET", "/admin/stats", ADMIN_TOKEN, null);
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("\"uptime_seconds\"", "\"writer_queue_depth\"", "\"top_rooms\"");
    }

    @Test
    void presenceDisconnectAndSystemMessagesActOnTheLiveNode() throws Exception {
        UUID room = server.newForum();
        try (WsClient bob = WsClient.connect(server, "adm-bob", roomPath(room));
             WsClient carol = WsClient.connect(server, "adm-carol", roomPath(room))) {
            bob.next("room_state");
            carol.next("room_state");
            var presence = admin("GET", "/admin/rooms/" + room + "/presence", ADMIN_TOKEN, null);
            assertThat(presence.statusCode()).isEqualTo(200);
            assertThat(presence.body()).contains("adm-bob", "adm-carol", "\"connections\":2");
            var posted = admin("POST", "/admin/rooms/" + room + "/messages", ADMIN_TOKEN, "{\"content\":\"maintenance at noon\"}");
            assertThat(posted.statusCode()).isEqualTo(201);
            var system = carol.next("new_message").path("message");
            assertThat(system.path("message_type").asText()).isEqualTo("system");
            assertThat(system.path("author").path("id").asText()).isEqualTo("system");
            assertThat(system.path("content").asText()).isEqualTo("maintenance at noon");
            var disconnected = admin("POST", "/admin/users/adm-bob/disconnect", ADMIN_TOKEN, "{\"code\":4003,\"reason\":\"spam\"}");
            assertThat(disconnected.statusCode()).isEqualTo(200);
            assertThat(disconnected.body()).contains("\"closed\":1");
            assertThat(bob.awaitClose()).isEqualTo(4003);
            assertThat(admin("GET", "/admin/rooms/" + UUID.randomUUID() + "/presence", ADMIN_TOKEN, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void logLevelsChangeAtRunTime() throws Exception {
        try {
            var changed = admin("PUT", "/admin/log-level", ADMIN_TOKEN, "{\"logger\":\"dev.community\",\"level\":\"DEBUG\"}");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(org.slf4j.LoggerFactory.getLogger("dev.community.server").isDebugEnabled()).isTrue();
        } finally {
            // Back to inheriting the root level: a level left set here would hold for later test classes in this JVM.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.community")).setLevel(null);
        }
    }

    @Test
    void thePortsDoNotServeEachOther() throws Exception {
        assertThat(admin("GET", "/community/rooms/", ADMIN_TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/auth/ws-connection-token/", ADMIN_TOKEN, null).statusCode()).isEqualTo(404);
        var publicMetrics = CheckedHttp.send(HttpRequest.newBuilder(server.http("/metrics")).build());
        assertThat(publicMetrics.statusCode()).isEqualTo(404);
        var publicReady = CheckedHttp.send(HttpRequest.newBuilder(server.http("/ready")).build());
        assertThat(publicReady.statusCode()).isEqualTo(404);
    }
}
