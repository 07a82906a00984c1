package dev.community.server.tls;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.testing.TestCertificates;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the public port against a real server, for one provider (subclasses pick OpenSSL or the JDK): the
 * handshakes it accepts and refuses, HSTS, the plain listener beside it, and the WebSocket contract over wss://.
 */
abstract class TlsTransportContract {
    static TestCertificates.Authority ca;
    static TestCertificates.Issued leaf;
    static TestServer server;
    /** A page larger than one TLS record, so the file goes out in several chunks. */
    static final String LOUNGE_PAGE = "<!doctype html><title>Lounge</title>" + "<p>lounge over tls</p>".repeat(2000);
    @TempDir
    static Path dir;

    static void start(String provider) throws Exception {
        ca = TestCertificates.authority("Transport Test CA");
        leaf = ca.issue("community.test", List.of("localhost", "127.0.0.1"), Duration.ofDays(30));
        Path cert = leaf.writeChain(dir.resolve("chain.pem"));
        Path key = leaf.writeKey(dir.resolve("key.pem"));
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), LOUNGE_PAGE);
        server = TestServer.startTls(dir.resolve("data"), Map.of("tls.cert_file", cert.toString(),
                "tls.key_file", key.toString(), "tls.provider", provider, "tls.plain_port", "0",
                "limits.rate_messages", "1000", "web.dir", web.toString()), ca.clientContext());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    abstract SslProvider expectedProvider();

    @Test
    void theConfiguredProviderServes() {
        assertThat(server.server().tls().certificates().provider()).isEqualTo(expectedProvider());
    }

    @Test
    void tls13HandshakeNegotiatesHttp11AndAnswersWithHsts() throws Exception {
        TlsClients.Handshake done = TlsClients.handshake(ca.clientContext(), server.port(), "TLSv1.3",
                "GET /community/rooms/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(done.protocol()).isEqualTo("TLSv1.3");
        assertThat(done.alpn()).isEqualTo("http/1.1");
        assertThat(done.sha256()).isEqualTo(TlsClients.sha256(leaf.certificate()));
        assertThat(done.response()).startsWith("HTTP/1.1 401 ")
                .containsIgnoringCase("strict-transport-security: max-age=31536000\r\n");
    }

    @Test
    void tls12HandshakeUsesAForwardSecretAeadSuite() throws Exception {
        TlsClients.Handshake done = TlsClients.handshake(ca.clientContext(), server.port(), "TLSv1.2", null);
        assertThat(done.protocol()).isEqualTo("TLSv1.2");
        assertThat(done.alpn()).isEqualTo("http/1.1");
        assertThat(done.cipher()).startsWith("TLS_ECDHE_ECDSA_WITH_").containsAnyOf("_GCM_", "CHACHA20_POLY1305");
    }

    @Test
    void tls10AndTls11AreRefusedWithAnAlert() throws Exception {
        double before = failedHandshakes("handshake");
        for (int minor : new int[] {1, 2}) {
            byte[] answer = TlsClients.legacyClientHello(server.port(), minor);
            // A TLS alert record (content type 21), fatal (level 2): never a ServerHello (22).
            assertThat(answer).as("answer to a TLS 1.%d ClientHello", minor - 1).hasSizeGreaterThanOrEqualTo(7);
            assertThat(answer[0]).isEqualTo((byte) 0x15);
            assertThat(answer[5]).isEqualTo((byte) 2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> failedHandshakes("handshake") == before + 2);
    }

    @Test
    void plainTextOnTheTlsPortGetsNoHttpAnswer() throws Exception {
        double before = failedHandshakes("not_tls");
        byte[] answer = TlsClients.exchange(server.port(),
                "GET /community/rooms/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> failedHandshakes("not_tls") == before + 1);
    }

    @Test
    void thePlainListenerBesideServesHttpWithoutHsts() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.server().plainPort() + "/community/rooms/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("strict-transport-security")).isEmpty();
    }

    @Test
    void httpsRestAnswersWithHsts() throws Exception {
        HttpResponse<String> response = server.httpClient().build().send(HttpRequest.newBuilder(
                server.http("/community/rooms/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("strict-transport-security")).contains("max-age=31536000");
    }

    @Test
    void theLoungeIsServedOverHttps() throws Exception {
        HttpResponse<String> page = server.httpClient().build().send(HttpRequest.newBuilder(server.http("/lounge/"))
                .header("Accept-Encoding", "identity").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(LOUNGE_PAGE);
        assertThat(page.headers().firstValue("strict-transport-security")).contains("max-age=31536000");
        // The same connection goes on serving requests after the chunked file.
        HttpResponse<String> again = server.httpClient().build().send(HttpRequest.newBuilder(server.http("/lounge/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.body()).isEqualTo(LOUNGE_PAGE);
    }

    @Test
    void wssConnectSendReceiveAndResume() {
        UUID room = server.newForum();
        long seq;
        try (WsClient alice = WsClient.connect(server, "alice", roomPath(room));
             WsClient bob = WsClient.connect(server, "bob", roomPath(room))) {
            alice.next("room_state");
            bob.next("room_state");
            alice.send("{\"type\":\"send_message\",\"content\":\"over tls\",\"client_id\":\"tls-1\"}");
            JsonNode ack = alice.next("new_message");
            assertThat(ack.path("client_id").asText()).isEqualTo("tls-1");
            JsonNode heard = bob.next("new_message");
            assertThat(heard.path("message").path("content").asText()).isEqualTo("over tls");
            seq = heard.path("message").path("seq").asLong();
            assertThat(seq).isEqualTo(1);
            alice.send("{\"type\":\"send_message\",\"content\":\"while bob is away\",\"client_id\":\"tls-2\"}");
            assertThat(bob.next("new_message").path("message").path("seq").asLong()).isEqualTo(2);
        }
        try (WsClient bob = WsClient.connect(server, "bob", roomPath(room), 1L)) {
            JsonNode state = bob.next("room_state");
            assertThat(state.path("messages").findValuesAsText("content")).containsExactly("while bob is away");
            assertThat(state.path("last_seq").asLong()).isEqualTo(2);
        }
        assertThat(new Api(server).get("/community/rooms/" + room + "/messages/", dev.community.server.support.Jwts.token("alice"))
                .status()).isEqualTo(200);
    }

    private static double failedHandshakes(String reason) {
        var counter = server.meters().find("community.tls.handshakes").tag("outcome", "failed").tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
