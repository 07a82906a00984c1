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
 * The abuse scenario against a real server whose budgets are small, so that each abuser meets its budget within
 * its first few requests however slow the machine: every abuser must be held (exit code 0, not 4), the server must
 * have counted the refusals the abusers saw, and the honest members must have lost nothing and been refused
 * nothing. The stop-reading abuser is left out: it is held by the outbound budget only once the kernel's socket
 * buffers are full, which takes tens of seconds (OutboundBudgetIT covers that close on the server's side).
 */
class AbuseScenarioIT {
    private static final String SECRET = "loadtest-abuse-integration-secret-0123456789";

    @TempDir
    static Path dataDir;
    static CommunityServer server;
    static UUID roomA;
    static UUID roomB;

    @BeforeAll
    static void start() throws Exception {
        server = HarnessTestServer.start(dataDir, SECRET,
                "--limits.ws_requests_per_second=2", "--limits.ws_requests_burst=4",
                "--limits.rest_requests_per_second=1", "--limits.rest_requests_burst=4",
                "--limits.connection_tokens_per_minute=6", "--limits.connection_tokens_burst=3");
        roomA = HarnessTestServer.forum(server, "Abuse A");
        roomB = HarnessTestServer.forum(server, "Abuse B");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAbuserIsHeldWhileHonestMembersLoseNothing(@TempDir Path reports) throws Exception {
        List<String> args = new ArrayList<>(List.of("abuse",
                "--url=http://127.0.0.1:" + server.publicPort(),
                "--secret=" + SECRET,
                "--rooms=" + roomA + "," + roomB,
                "--report-dir=" + reports,
                "--user-prefix=abuse-",
                "--sample-interval-ms=250",
                "--drain-timeout=10",
                "--members-per-room=6", "--senders-per-room=2", "--room-rate=20",
                "--abusers=4", "--abuse-kinds=request-flood,typing-flood,churn,rest-flood", "--abuse-rate=100",
                "--duration=3",
                "--metrics-url=http://127.0.0.1:" + server.adminPort() + "/metrics"));
        HarnessTestServer.CliRun run = HarnessTestServer.execute(args);
        assertThat(run.exit()).as(run.printed()).isZero();
        assertThat(run.out()).contains("every one held");
        JsonNode r = HarnessTestServer.result(reports);

        JsonNode audit = r.path("audit");
        for (String count : List.of("lost", "undelivered", "duplicates", "reordered", "unsynced", "seq_collisions",
                "unanswered")) {
            assertThat(audit.path(count).asLong()).as(count + " in " + audit).isZero();
        }
        assertThat(audit.path("members_audited").asLong()).isEqualTo(12);
        assertThat(r.path("counts").path("acked").asLong()).isPositive();
        // The honest members were never refused nor closed: every error belongs to an abuser.
        assertThat(r.path("errors").size()).as(r.path("errors").toString()).isZero();

        JsonNode abuse = r.path("abuse");
        assertThat(abuse.path("abusers").asInt()).isEqualTo(4);
        List<String> kinds = new ArrayList<>();
        for (JsonNode kind : abuse.path("kinds")) {
            kinds.add(kind.path("kind").asText());
            assertThat(kind.path("abusers").asInt()).isEqualTo(1);
            assertThat(kind.path("held").asInt()).as(kind.toString()).isEqualTo(1);
            assertThat(kind.path("sent").asLong()).as(kind.toString()).isPositive();
        }
        assertThat(kinds).containsExactly("request-flood", "typing-flood", "churn", "rest-flood");
        for (String thrown : List.of("request-flood", "churn", "rest-flood")) {
            JsonNode kind = kindNamed(abuse, thrown);
            assertThat(kind.path("throttled").asLong()).as(kind.toString()).isPositive();
        }
        assertThat(abuse.path("typing_events_per_member_second").asDouble())
                .isLessThanOrEqualTo(abuse.path("typing_allowance_per_member_second").asDouble());
        // What the abusers saw, the server counted.
        JsonNode refusals = abuse.path("server_refusals");
        assertThat(refusals.path("ws_requests").asLong()).as(refusals.toString()).isPositive();
        assertThat(refusals.path("connection_tokens").asLong()).as(refusals.toString()).isPositive();
        assertThat(refusals.path("rest_requests").asLong()).as(refusals.toString()).isPositive();
    }

    private static JsonNode kindNamed(JsonNode abuse, String name) {
        for (JsonNode kind : abuse.path("kinds")) {
            if (kind.path("kind").asText().equals(name)) {
                return kind;
            }
        }
        throw new AssertionError("no " + name + " in " + abuse);
    }
}
