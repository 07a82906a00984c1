package dev.community.server.cluster;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.server.support.TestCluster;
import dev.community.server.support.TestRedis;
import dev.community.server.support.TestServer;
import dev.community.server.support.TlsRedisProcess;
import dev.community.server.support.WsClient;
import dev.community.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode over {@code rediss://}: two nodes share a Redis that speaks only TLS, verified against
 * {@code redis.tls_ca_file} (a CA made here; the certificate names {@code localhost} alone).
 */
class RedisTlsIT {
    @TempDir
    static Path dir;
    static TestCertificates.Authority ca;
    static TlsRedisProcess redis;
    static TestCluster cluster;
    static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        ca = TestCertificates.authority("Redis Test CA");
        redis = TlsRedisProcess.start(dir.resolve("redis"), ca, ca.issue("localhost", List.of("localhost"),
                Duration.ofDays(1)));
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        cluster = TestCluster.start(dir.resolve("nodes"), 0, Map.of("redis.tls_ca_file", caFile.toString(),
                "limits.rate_messages", "1000"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String url(String host) {
        return TestRedis.url("rediss://" + host + ":" + redis.port(), cluster.prefix());
    }

    @Test
    void twoNodesTalkThroughTlsRedis() throws Exception {
        TestServer a = cluster.startNode(url("localhost"));
        TestServer b = cluster.startNode(url("localhost"));
        UUID room = a.newForum();
        try (WsClient alice = WsClient.connect(a, "alice", roomPath(room));
             WsClient bob = WsClient.connect(b, "bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"via rediss\",\"client_id\":\"s-1\"}");
            assertThat(bob.next("new_message").path("message").path("content").asText()).isEqualTo("via rediss");
        }
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() {
        assertThatThrownBy(() -> cluster.startNode(url("127.0.0.1")))
                .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
    }
}
