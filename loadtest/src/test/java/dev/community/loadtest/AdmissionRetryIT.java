package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.CommunityServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that admits one upgrade at a time, and 200 clients connecting at once: the ones refused with 503 and
 * Retry-After come back after their jittered pause, and every one of them gets in.
 */
class AdmissionRetryIT {
    private static final String SECRET = "loadtest-admission-integration-secret-012345";

    @TempDir
    static Path dataDir;
    static CommunityServer server;
    static UUID room;

    @BeforeAll
    static void start() throws Exception {
        server = HarnessTestServer.start(dataDir, SECRET, "--ws.max_admissions=1");
        room = HarnessTestServer.forum(server, "Gate");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientsRefusedByAFullGateRetryAndAllGetIn(@TempDir Path reports) throws Exception {
        HarnessTestServer.CliRun run = HarnessTestServer.execute(List.of("connect-storm",
                "--url=http://127.0.0.1:" + server.publicPort(), "--secret=" + SECRET, "--rooms=" + room,
                "--report-dir=" + reports, "--connections=200", "--connect-concurrency=200", "--duration=0.5",
                "--user-prefix=gate-"));
        assertThat(run.exit()).as(run.printed()).isZero();
        JsonNode r = HarnessTestServer.result(reports);
        assertThat(r.path("counts").path("connected").asLong()).isEqualTo(200);
        assertThat(r.path("errors").path("upgrade:503:admission_full").asLong())
                .as("with room for one, some of 200 simultaneous upgrades found the gate full").isPositive();
        assertThat(r.path("errors").has("upgrade:503:admission_full_gave_up")).isFalse();
    }
}
