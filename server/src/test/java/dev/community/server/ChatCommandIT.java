package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code community-server chat} against a real server: it chats, and each failure is one line saying what to do. */
class ChatCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    @TempDir
    static Path dataDir;
    @TempDir
    Path ownDir;

    static TestServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void linesTypedAreSentAndEveryEventIsPrintedAsOneJsonLine() throws Exception {
        Launcher.Run run = Launcher.run(Map.of(), "hello from the terminal" + NL + NL, "chat", "--user", "term-alice",
                "--room", "help", "--url", url(), "--data.dir=" + ownDir, "--auth.jwt.secret=" + TestServer.SECRET);
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        List<JsonNode> events = run.out().lines().map(ChatCommandIT::json).toList();
        assertThat(events).extracting(e -> e.path("event").asText()).containsExactly("room_state", "new_message");
        assertThat(events.get(0).path("room").path("slug").asText()).isEqualTo("help");
        JsonNode message = events.get(1).path("message");
        assertThat(message.path("content").asText()).isEqualTo("hello from the terminal");
        assertThat(message.path("author").path("id").asText()).isEqualTo("term-alice");
        assertThat(events.get(1).path("client_id").asText()).hasSize(36);
        assertThat(server.server().context().storage().messages().latest(server.forum("help"), 5))
                .extracting(m -> m.content()).contains("hello from the terminal");
    }

    @Test
    void aTokenTheServerRefusesIsSaidSoInOneLine() {
        String foreign = Jwts.builder("term-bob").sign(Algorithm.HMAC256("some-other-secret-0123456789abcdef"));
        Launcher.Run run = Launcher.run(Map.of(), "hi" + NL, "chat", "--user", "term-bob", "--url", url(),
                "--token", foreign);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("community-server chat: the server refused this token (invalid access token:"
                + " SignatureVerificationException)" + NL);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aTokenMintedWithAnotherSecretSaysWhereThatSecretCameFrom() {
        Launcher.Run run = Launcher.run(Map.of(), "hi" + NL, "chat", "--user", "term-carol", "--url", url(),
                "--data.dir=" + ownDir);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("community-server chat: the server refused this token (invalid access token:"
                + " SignatureVerificationException); it was signed with the secret in "
                + ownDir.resolve("jwt-secret").toAbsolutePath().normalize()
                + ": pass the server's --data.dir or --auth.jwt.secret" + NL);
    }

    @Test
    void anUnknownSlugListsTheRoomsThereAre() {
        Launcher.Run run = Launcher.run(Map.of(), "", "chat", "--user", "term-dave", "--room", "lobby", "--url", url(),
                "--auth.jwt.secret=" + TestServer.SECRET, "--data.dir=" + ownDir);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("community-server chat: no room with slug 'lobby' among the rooms term-dave can"
                + " see (general, help, random): pass one of these, or a room id" + NL);
    }

    @Test
    void anUnknownRoomIdIsTheServersOwnAnswer() {
        Launcher.Run run = Launcher.run(Map.of(), "", "chat", "--user", "term-erin", "--url", url(),
                "--room", "0190e0a0-0000-7000-8000-000000000001", "--auth.jwt.secret=" + TestServer.SECRET,
                "--data.dir=" + ownDir);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("community-server chat: opening room 0190e0a0-0000-7000-8000-000000000001"
                + " failed: 404 not_found (no such room)" + NL);
    }

    @Test
    void aServerThatIsNotRunningIsSaidSo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Launcher.Run run = Launcher.run(Map.of(), "", "chat", "--user", "term-fay", "--url",
                "http://127.0.0.1:" + closedPort, "--auth.jwt.secret=" + TestServer.SECRET, "--data.dir=" + ownDir);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("community-server chat: cannot reach the server at http://127.0.0.1:"
                + closedPort + ": is it running? (bin/community-server starts it)" + NL);
    }

    @Test
    void aServerShuttingDownEndsTheChatWithItsCloseCode(@TempDir Path otherServerDir) throws Exception {
        TestServer leaving = TestServer.start(otherServerDir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PipedOutputStream typing = new PipedOutputStream();
             PipedInputStream stdin = new PipedInputStream(typing)) {
            var commandLine = Main.commandLine(new Main(Map.of(), stdin))
                    .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> chat = CompletableFuture.supplyAsync(() -> commandLine.execute("chat",
                    "--user", "term-gus", "--url", "http://127.0.0.1:" + leaving.port(),
                    "--auth.jwt.secret=" + TestServer.SECRET, "--data.dir=" + ownDir));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> out.toString().contains("\"room_state\""));
            leaving.close();
            assertThat(chat.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(err.toString()).isEqualTo("community-server chat: the server closed the connection: 1001 server"
                + " shutting down" + NL);
        List<String> lines = out.toString().lines().toList();
        assertThat(json(lines.get(0)).path("event").asText()).isEqualTo("room_state");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"closed\":1001,\"reason\":\"server shutting down\"}");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
