package dev.community.server;

import static dev.community.server.support.Jwts.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.community.server.support.Api;
import dev.community.server.support.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/webhook-receiver, run with node and the Standard Webhooks library, verifies the real server's requests.
 * The example's dependencies are installed here ({@code npm ci}) when they are missing and npm is present, as on a
 * fresh clone. Skipped when node or npm is missing, except under CI=true.
 */
class WebhookExampleIT {
    static final Path EXAMPLE = Path.of("..", "examples", "webhook-receiver");
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "example-secret-0123456789abcdef!".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dataDir;

    @Test
    void theExampleReceiverVerifiesTheServersSignaturesWithTheLibrary() throws Exception {
        boolean ready = hasNode() && installed();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(ready, "node and examples/webhook-receiver/node_modules (npm ci) are needed");
        }
        assertThat(ready).as("node and examples/webhook-receiver/node_modules").isTrue();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessBuilder builder = new ProcessBuilder("node", "receiver.js").directory(EXAMPLE.toFile())
                .redirectErrorStream(true);
        builder.environment().put("WEBHOOK_SECRET", SECRET);
        builder.environment().put("PORT", Integer.toString(port));
        Process receiver = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "example-receiver-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("listening on " + port));
            try (TestServer server = TestServer.start(dataDir, Map.of(
                    "webhooks.url", "http://127.0.0.1:" + port + "/",
                    "webhooks.secret", SECRET,
                    "webhooks.events", "message.created"))) {
                UUID room = server.newForum();
                Api.Response posted = new Api(server).post("/community/rooms/" + room + "/messages/",
                        token("example-alice"), "{\"content\":\"verified by the library\"}");
                assertThat(posted.status()).isEqualTo(201);
                String id = posted.json().path("id").asText();
                await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream()
                        .anyMatch(l -> l.startsWith("verified message.created ") && l.contains(id)));
                assertThat(lines).noneMatch(l -> l.startsWith("refused"));
            }
        } finally {
            receiver.destroy();
            receiver.waitFor();
        }
    }

    /** The example's node_modules, installed from its lock file when missing; false when npm could not do it. */
    private static boolean installed() {
        if (Files.isDirectory(EXAMPLE.resolve("node_modules").resolve("standardwebhooks"))) {
            return true;
        }
        return succeeds(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(EXAMPLE.toFile()))
                && Files.isDirectory(EXAMPLE.resolve("node_modules").resolve("standardwebhooks"));
    }

    private static boolean hasNode() {
        return succeeds(new ProcessBuilder("node", "--version"));
    }

    private static boolean succeeds(ProcessBuilder command) {
        try {
            Process p = command.redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
