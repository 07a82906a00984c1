package dev.community.server.tls;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.config.ConfigLoader;
import dev.community.server.CommunityServer;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.testing.TestCertificates;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate renewal without a restart: open connections keep talking on their old session while new ones get the
 * renewed certificate; a pair that does not belong together is refused and the old one stays in service.
 */
class TlsRotationIT {
    private static final String ADMIN_TOKEN = "tls-rotation-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestCertificates.Authority ca;
    TestCertificates.Issued first;
    Path cert;
    Path key;
    TestServer server;

    @BeforeEach
    void issueFirstCertificate() {
        ca = TestCertificates.authority("Rotation Test CA");
        first = ca.issue("first.community.test", List.of("127.0.0.1"), Duration.ofDays(30));
        cert = first.writeChain(dir.resolve("chain.pem"));
        key = first.writeKey(dir.resolve("key.pem"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String watchSeconds) throws InterruptedException {
        server = TestServer.startTls(dir.resolve("data"), Map.of("tls.cert_file", cert.toString(),
                "tls.key_file", key.toString(), "tls.watch_interval_seconds", watchSeconds,
                "admin.token", ADMIN_TOKEN, "limits.rate_messages", "1000"), ca.clientContext());
    }

    @Test
    void renewalViaTheAdminApiMidTrafficKeepsOpenConnectionsAndServesNewOnes() throws Exception {
        start("0");
        UUID room = server.newForum();
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room));
             WsClient bob = WsClient.connect(server, "bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"before\",\"client_id\":\"r-1\"}");
            assertThat(bob.next("new_message").path("message").path("content").asText()).isEqualTo("before");

            // Half a day past 90 days, so "whole days left" is 90 however long the test takes.
            TestCertificates.Issued renewed = ca.issue("renewed.community.test", List.of("127.0.0.1"),
                    Duration.ofDays(90).plusHours(12));
            renewed.writeChain(cert);
            renewed.writeKey(key);
            HttpResponse<String> reload = reload();
            assertThat(reload.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(reload.body());
            assertThat(body.path("outcome").asText()).isEqualTo("replaced");
            assertThat(body.path("subject").asText()).isEqualTo("CN=renewed.community.test");
            assertThat(body.path("sha256").asText()).isEqualTo(TlsClients.sha256(renewed.certificate()));
            assertThat(body.path("days_left").asLong()).isEqualTo(90);

            // The open connections carry on, both ways.
            alice.send("{\"type\":\"send_message\",\"content\":\"after\",\"client_id\":\"r-2\"}");
            assertThat(bob.next("new_message").path("message").path("content").asText()).isEqualTo("after");
            bob.send("{\"type\":\"send_message\",\"content\":\"reply\",\"client_id\":\"r-3\"}");
            assertThat(alice.next(n -> "reply".equals(n.path("message").path("content").asText()), "reply")
                    .path("message").path("seq").asLong()).isEqualTo(3);

            // A new connection is served the renewed certificate, and works.
            assertThat(TlsClients.servedFingerprint(ca.clientContext(), server.port()))
                    .isEqualTo(TlsClients.sha256(renewed.certificate()));
            try (WsClient carol = WsClient.connect(server, "carol", roomPath(room))) {
                assertThat(carol.next("room_state").path("last_seq").asLong()).isEqualTo(3);
            }
            assertThat(reload().body()).contains("\"outcome\":\"unchanged\"");
        }
        assertThat(server.counter("community.tls.certificate.reloads", "outcome", "replaced")).isEqualTo(1);
        assertThat(server.counter("community.tls.certificate.reloads", "outcome", "unchanged")).isEqualTo(1);
    }

    @Test
    void theFileWatcherPicksUpARenewedPair() throws Exception {
        start("1");
        assertThat(TlsClients.servedFingerprint(ca.clientContext(), server.port()))
                .isEqualTo(TlsClients.sha256(first.certificate()));
        TestCertificates.Issued renewed = ca.issue("watched.community.test", List.of("127.0.0.1"), Duration.ofDays(60));
        // As a renewal tool would: new files beside, then renamed over the served ones.
        Files.move(renewed.writeKey(dir.resolve("key.new")), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(renewed.writeChain(dir.resolve("chain.new")), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String expected = TlsClients.sha256(renewed.certificate());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> TlsClients.servedFingerprint(ca.clientContext(), server.port()).equals(expected));
        assertThat(server.meters().find("community.tls.certificate.expiry.days").gauge().value())
                .isBetween(59.0, 60.0);
    }

    @Test
    void aKeyThatDoesNotMatchIsRefusedAndTheOldPairStays() throws Exception {
        start("0");
        TestCertificates.Issued other = ca.issue("other.community.test", List.of("127.0.0.1"), Duration.ofDays(30));
        other.writeChain(cert);
        TestCertificates.writePrivateKey(key, TestCertificates.strayKeys());
        HttpResponse<String> refused = reload();
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("certificate_refused");
        assertThat(error.path("message").asText()).isEqualTo("the private key " + key + " does not match the certificate "
                + cert + " (the first certificate of the chain must be the server's own); still serving"
                + " CN=first.community.test (sha256 " + TlsClients.sha256(first.certificate()) + ")");

        Files.writeString(cert, "not a certificate\n");
        assertThat(JSON.readTree(reload().body()).path("error").path("message").asText())
                .startsWith(cert + " is not a PEM certificate chain: ");

        assertThat(TlsClients.servedFingerprint(ca.clientContext(), server.port()))
                .isEqualTo(TlsClients.sha256(first.certificate()));
        assertThat(server.counter("community.tls.certificate.reloads", "outcome", "refused")).isEqualTo(2);
    }

    @Test
    void aMismatchedPairStopsTheStartWithTheReason() {
        TestCertificates.writePrivateKey(key, TestCertificates.strayKeys());
        var config = ConfigLoader.load(new String[] {"--server.port=0", "--admin.port=0", "--data.dir=" + dir.resolve("d"),
                "--tls.cert_file=" + cert, "--tls.key_file=" + key}, Map.of());
        assertThatThrownBy(() -> new CommunityServer(config, Clock.systemUTC()).start())
                .isInstanceOf(InvalidCertificateException.class)
                .hasMessage("the private key " + key + " does not match the certificate " + cert
                        + " (the first certificate of the chain must be the server's own)");
    }

    private HttpResponse<String> reload() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.admin("/admin/tls/reload"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
