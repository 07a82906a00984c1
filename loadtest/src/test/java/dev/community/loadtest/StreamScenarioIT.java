package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.CommunityServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream scenario against a real server in this JVM (embedded store, free port), through the command line:
 * 20 users each in 3 of 4 forums, on one user stream each and then as the same population on room sockets. Every
 * delivery must pass the audit, and with the rooms' memberships known the exact deliveries follow from the acks.
 */
class StreamScenarioIT {
    private static final String SECRET = "loadtest-stream-secret-0123456789abcdef";
    private static final int USERS = 20;
    private static final int ROOMS_PER_USER = 3;

    @TempDir
    static Path dataDir;
    static CommunityServer server;
    static List<UUID> rooms = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = HarnessTestServer.start(dataDir, SECRET);
        for (int i = 0; i < 4; i++) {
            rooms.add(HarnessTestServer.forum(server, "Stream " + i));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode run(Path reports, String transport) throws Exception {
        List<String> args = List.of("stream",
                "--url=http://127.0.0.1:" + server.publicPort(),
                "--secret=" + SECRET,
                "--rooms=" + String.join(",", rooms.stream().map(UUID::toString).toList()),
                "--report-dir=" + reports,
                "--user-prefix=stream-" + transport + "-",
                "--sample-interval-ms=250",
                "--drain-timeout=10",
                "--connect-concurrency=50",
                "--users=" + USERS, "--rooms-per-user=" + ROOMS_PER_USER, "--senders=4", "--rate=5",
                "--duration=2", "--transport=" + transport,
                "--server-pid=" + ProcessHandle.current().pid());
        HarnessTestServer.CliRun run = HarnessTestServer.execute(args);
        assertThat(run.exit()).as(run.printed()).isZero();
        return HarnessTestServer.result(reports);
    }

    /**
     * User u is in rooms u, u+1, u+2 (mod 4): of the 20 users, 15 are in each room. Users 0–3 send, each into its
     * three rooms, so each room hears from three senders; every message reaches the room's 15 members once.
     */
    private static void assertExact(JsonNode r) {
        JsonNode audit = r.path("audit");
        for (String violation : List.of("lost", "undelivered", "duplicates", "reordered", "unsynced", "unanswered",
                "seq_collisions")) {
            assertThat(audit.path(violation).asLong()).as(violation).isZero();
        }
        long clients = USERS * ROOMS_PER_USER;
        assertThat(r.path("counts").path("clients").asLong()).isEqualTo(clients);
        assertThat(r.path("counts").path("connected").asLong()).isEqualTo(clients);
        assertThat(audit.path("members_audited").asLong()).isEqualTo(clients);
        long acked = r.path("counts").path("acked").asLong();
        assertThat(acked).isPositive().isEqualTo(r.path("counts").path("sent").asLong());
        assertThat(r.path("counts").path("delivered").asLong()).isEqualTo(acked * 15);
        assertThat(audit.path("expected_deliveries").asLong()).isEqualTo(acked * 15);
        assertThat(r.path("latency").path("send_to_delivered").path("count").asLong()).isEqualTo(acked * 15);
        assertThat(r.path("server").path("heap_bytes_per_connection").isNumber()).isTrue();
    }

    @Test
    void oneStreamPerUserDeliversEveryRoomsMessagesExactlyOnce(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, "stream");
        assertExact(r);
        assertThat(r.path("parameters").path("transport").asText()).isEqualTo("stream");
        // One connection per user, not per room.
        assertThat(r.path("counts").path("peak_open").asLong()).isEqualTo(USERS);
    }

    @Test
    void theSamePopulationOnRoomSocketsDeliversTheSame(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, "sockets");
        assertExact(r);
        assertThat(r.path("parameters").path("transport").asText()).isEqualTo("sockets");
        assertThat(r.path("counts").path("peak_open").asLong()).isEqualTo((long) USERS * ROOMS_PER_USER);
    }
}
