package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import dev.community.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal {@code chat} command against a TLS port: https:// and wss://, trusting a private CA via --ca-file. */
class ChatOverTlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    @TempDir
    static Path dir;
    static TestServer server;
    static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("Chat Test CA");
        TestCertificates.Issued leaf = ca.issue("localhost", List.of("127.0.0.1"), Duration.ofDays(1));
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        server = TestServer.startTls(dir.resolve("data"), Map.of(
                "tls.cert_file", leaf.writeChain(dir.resolve("chain.pem")).toString(),
                "tls.key_file", leaf.writeKey(dir.resolve("key.pem")).toString()), ca.clientContext());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void chatSendsAndReceivesOverWss() {
        UUID room = server.newForum();
        Launcher.Run run = Launcher.run(Map.of(), "hello over tls" + NL, "chat", "--user", "tls-alice",
                "--room", room.toString(), "--url", "https://127.0.0.1:" + server.port(), "--ca-file", caFile.toString(),
                "--token", Jwts.token("tls-alice"));
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        List<JsonNode> events = run.out().lines().map(ChatOverTlsIT::json).toList();
        assertThat(events).extracting(e -> e.path("event").asText()).containsExactly("room_state", "new_message");
        assertThat(events.get(1).path("message").path("content").asText()).isEqualTo("hello over tls");
        assertThat(server.server().context().storage().messages().latest(room, 5))
                .extracting(m -> m.content()).containsExactly("hello over tls");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        Path otherCa = TestCertificates.authority("Not The Server's CA").writeCertificate(dir.resolve("other.pem"));
        Launcher.Run run = Launcher.run(Map.of(), "", "chat", "--user", "tls-bob", "--room", server.newForum().toString(),
                "--url", "https://127.0.0.1:" + server.port(), "--ca-file", otherCa.toString(),
                "--token", Jwts.token("tls-bob"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("community-server chat: ");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
