package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import dev.community.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The terminal {@code chat} command against a TLS port: https:// and wss://, trusting a private CA via --ca-file. */
class ChatOverTlsIT {
    @TempDir
    Path dir;

    @Test
    void chatSendsAndReceivesOverWss() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("Chat Test CA");
        TestCertificates.Issued leaf = ca.issue("localhost", List.of("127.0.0.1"), Duration.ofDays(1));
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        try (TestServer server = TestServer.startTls(dir.resolve("data"), Map.of(
                "tls.cert_file", leaf.writeChain(dir.resolve("chain.pem")).toString(),
                "tls.key_file", leaf.writeKey(dir.resolve("key.pem")).toString()), ca.clientContext())) {
            UUID room = server.newForum();
            InputStream stdin = System.in;
            PrintStream stdout = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit;
            try {
                System.setIn(new ByteArrayInputStream("hello over tls\n".getBytes(StandardCharsets.UTF_8)));
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                exit = new CommandLine(new Main()).execute("chat", "--user=alice", "--room=" + room,
                        "--url=https://127.0.0.1:" + server.port(), "--ca-file=" + caFile,
                        "--token=" + Jwts.token("alice"));
            } finally {
                System.setIn(stdin);
                System.setOut(stdout);
            }
            assertThat(exit).isZero();
            // stdin ends right after the line, so the command may close before it prints anything: the stored
            // message is the proof that https (token, rooms) and wss (the send) both worked.
            await().atMost(Duration.ofSeconds(10)).until(() -> new Api(server)
                    .get("/community/rooms/" + room + "/messages/", Jwts.token("alice")).body().contains("hello over tls"));
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("Chat Test CA");
        TestCertificates.Issued leaf = ca.issue("localhost", List.of("127.0.0.1"), Duration.ofDays(1));
        Path otherCa = TestCertificates.authority("Not The Server's CA").writeCertificate(dir.resolve("other.pem"));
        try (TestServer server = TestServer.startTls(dir.resolve("data"), Map.of(
                "tls.cert_file", leaf.writeChain(dir.resolve("chain.pem")).toString(),
                "tls.key_file", leaf.writeKey(dir.resolve("key.pem")).toString()), ca.clientContext())) {
            UUID room = server.newForum();
            CommandLine cli = new CommandLine(new Main());
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            cli.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
            int exit = cli.execute("chat", "--user=alice", "--room=" + room, "--url=https://127.0.0.1:" + server.port(),
                    "--ca-file=" + otherCa, "--token=" + Jwts.token("alice"));
            assertThat(exit).isEqualTo(1);
            assertThat(errors.toString(StandardCharsets.UTF_8)).contains("PKIX path");
        }
    }
}
