package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.config.ConfigLoader;
import dev.community.loadtest.report.JsonReport;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.CommunityServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        String[] flags = {"--server.host=127.0.0.1", "--server.port=0", "--admin.port=0", "--data.dir=" + dataDir,
                "--auth.jwt.secret=" + SECRET, "--server.shutdown_grace_seconds=5", "--ws.max_admissions=1"};
        server = new CommunityServer(ConfigLoader.load(flags, Map.of()), Clock.systemUTC()).start();
        room = server.context().storage().rooms().create("Gate", "gate", RoomType.FORUM, Visibility.PUBLIC, "loadtest",
                "one admission at a time").id();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientsRefusedByAFullGateRetryAndAllGetIn(@TempDir Path reports) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoadtestMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("connect-storm", "--url=http://127.0.0.1:" + server.publicPort(), "--secret=" + SECRET,
                "--rooms=" + room, "--report-dir=" + reports, "--connections=200", "--connect-concurrency=200",
                "--duration=0.5", "--user-prefix=gate-");
        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        JsonNode r;
        try (Stream<Path> files = Files.list(reports)) {
            r = JsonReport.read(files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        }
        assertThat(r.path("counts").path("connected").asLong()).isEqualTo(200);
        assertThat(r.path("errors").path("upgrade:503:admission_full").asLong())
                .as("with room for one, some of 200 simultaneous upgrades found the gate full").isPositive();
        assertThat(r.path("errors").has("upgrade:503:admission_full_gave_up")).isFalse();
    }
}
