package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.SendAnswers;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grey failure: the embedded store's disk fills up. The data directory is a real, small tmpfs mounted for the test
 * (as root; elsewhere the test is skipped — mounting needs CAP_SYS_ADMIN — and fails under CI=true); a ballast file
 * takes the last free byte. Sends are then answered {@code unavailable}, the node stays up, and once the ballast is
 * gone the resends are stored once each; a restart on the same files finds every acknowledged message: no corruption.
 */
class FullDiskIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path parent;
    Path mount;
    TestServer server;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = parent.resolve("small-disk");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!mounted) {
            mount = null;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("cannot mount a tmpfs (root with CAP_SYS_ADMIN is required): " + output);
            }
            Assumptions.abort("cannot mount a tmpfs here: " + output);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Writes zeros until the file system refuses: the disk is full. */
    static void fill(Path ballast) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("space");
        }
    }

    static String big(String clientId) {
        return "{\"type\":\"send_message\",\"content\":\"" + "x".repeat(3900) + "\",\"client_id\":\"" + clientId + "\"}";
    }

    @Test
    void aFullDiskAnswersUnavailableAndNothingAcknowledgedIsLostOrCorrupted() throws Exception {
        Map<String, String> settings = Map.of("limits.rate_messages", "100000",
                "limits.ws_requests_per_second", "1000", "limits.ws_requests_burst", "1000");
        server = TestServer.start(mount, settings);
        UUID room = server.newForum();
        Set<String> acknowledged = new HashSet<>();
        List<String> refused = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (WsClient alice = WsClient.connect(server, "disk-alice", roomPath(room))) {
            alice.next("room_state");
            for (int i = 0; i < 5; i++) {
                ids.add("before-" + i);
                alice.send(SendAnswers.send("before-" + i));
                assertThat(SendAnswers.acknowledged(SendAnswers.await(alice, "before-" + i, WAIT))).isTrue();
                acknowledged.add("before-" + i);
            }

            Path ballast = mount.resolve("ballast");
            fill(ballast);
            // one at a time, until the store refuses (its pages already allocated may take a few first)
            for (int i = 0; i < 400 && refused.isEmpty(); i++) {
                String id = "full-" + i;
                ids.add(id);
                alice.send(big(id));
                JsonNode answer = SendAnswers.await(alice, id, WAIT);
                if (SendAnswers.acknowledged(answer)) {
                    acknowledged.add(id);
                } else {
                    assertThat(SendAnswers.kind(answer)).as(id).isEqualTo("error:unavailable");
                    refused.add(id);
                }
            }
            assertThat(refused).as("the full disk was noticed").isNotEmpty();
            alice.send("{\"type\":\"ping\"}");
            alice.next("pong");

            Files.delete(ballast);
            for (String id : refused) {
                SendAnswers.resendUntilAcknowledged(alice, id, WAIT);
                acknowledged.add(id);
            }
        }
        server.close();
        server = null;
        // the same files, opened again: readable, and every acknowledged message there once
        server = TestServer.start(mount, settings);
        List<String> storedIds = new ArrayList<>();
        try (Connection c = server.server().context().storage().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT client_id FROM messages WHERE room_id = ?")) {
            ps.setObject(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    storedIds.add(rs.getString(1));
                }
            }
        }
        assertThat(storedIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);
    }
}
