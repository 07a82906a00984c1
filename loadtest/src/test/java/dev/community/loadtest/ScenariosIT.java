package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.loadtest.report.JsonReport;
import dev.community.server.CommunityServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One short run of each scenario against a real server started in this JVM (embedded store, free port), through
 * the command line as an operator would type it: each must connect every client, exchange traffic, and pass the
 * audit (exit code 0).
 */
class ScenariosIT {
    private static final String SECRET = "loadtest-integration-secret-0123456789abcdef";

    @TempDir
    static Path dataDir;
    static CommunityServer server;
    static UUID roomA;
    static UUID roomB;

    @BeforeAll
    static void start() throws Exception {
        server = HarnessTestServer.start(dataDir, SECRET);
        roomA = HarnessTestServer.forum(server, "Load A");
        roomB = HarnessTestServer.forum(server, "Load B");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs the harness's command line; returns the JSON result after checking the exit code. */
    private static JsonNode run(Path reports, int expectedExit, String scenario, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(scenario,
                "--url=http://127.0.0.1:" + server.publicPort(),
                "--secret=" + SECRET,
                "--rooms=" + roomA + "," + roomB,
                "--report-dir=" + reports,
                "--user-prefix=" + scenario.replace("-", "") + "-",
                "--sample-interval-ms=250",
                "--drain-timeout=10",
                "--connect-concurrency=50"));
        args.addAll(List.of(options));
        HarnessTestServer.CliRun run = HarnessTestServer.execute(args);
        assertThat(run.exit()).as(run.printed()).isEqualTo(expectedExit);
        assertThat(run.out()).contains("audit").contains("report ");
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> found = files.toList();
            assertThat(found).anySatisfy(p -> assertThat(p.toString()).endsWith(".html"));
            Path json = found.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            return JsonReport.read(json);
        }
    }

    private static void assertAuditPassed(JsonNode result) {
        JsonNode audit = result.path("audit");
        assertThat(audit.path("lost").asLong()).isZero();
        assertThat(audit.path("undelivered").asLong()).isZero();
        assertThat(audit.path("duplicates").asLong()).isZero();
        assertThat(audit.path("reordered").asLong()).isZero();
        assertThat(audit.path("unsynced").asLong()).isZero();
        assertThat(audit.path("unanswered").asLong()).isZero();
        assertThat(audit.path("seq_collisions").asLong()).isZero();
        assertThat(audit.path("members_audited").asLong()).isEqualTo(result.path("counts").path("clients").asLong());
        assertThat(result.path("counts").path("connected").asLong()).isEqualTo(result.path("counts").path("clients").asLong());
    }

    @Test
    void fanoutDeliversEveryMessageToEveryMember(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "fanout", "--members=30", "--senders=3", "--rate=20", "--duration=1.5");
        assertAuditPassed(r);
        long acked = r.path("counts").path("acked").asLong();
        assertThat(acked).isPositive();
        // Every member, senders included, gets every message once.
        assertThat(r.path("counts").path("delivered").asLong()).isEqualTo(acked * 30);
        assertThat(r.path("audit").path("expected_deliveries").asLong()).isEqualTo(acked * 30);
        assertThat(r.path("latency").path("send_to_delivered").path("count").asLong()).isEqualTo(acked * 30);
        assertThat(r.path("series").size()).isPositive();
        assertThat(r.path("warmup").isNull()).isTrue();
    }

    @Test
    void aWarmUpIsSentAtTheSameLoadAndReportedApart(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "fanout", "--members=20", "--senders=2", "--rate=20", "--warmup=1",
                "--duration=1");
        assertAuditPassed(r);
        long acked = r.path("counts").path("acked").asLong();
        JsonNode warmup = r.path("warmup");
        assertThat(warmup.path("seconds").asDouble()).isGreaterThanOrEqualTo(1.0);
        long warmupDeliveries = warmup.path("send_to_delivered").path("count").asLong();
        long measuredDeliveries = r.path("latency").path("send_to_delivered").path("count").asLong();
        long warmupSent = warmup.path("sent").asLong();
        assertThat(warmupSent).isPositive();
        assertThat(measuredDeliveries).isPositive();
        // the warm-up's messages are timed as the warm-up's wherever they arrive: all of them, and only them
        assertThat(warmupDeliveries).isEqualTo(warmupSent * 20);
        assertThat(warmup.path("send_to_ack").path("count").asLong()).isEqualTo(warmupSent);
        // every delivery is timed once, in the warm-up or in the measured phase; every one is audited
        assertThat(warmupDeliveries + measuredDeliveries).isEqualTo(acked * 20);
        assertThat(warmup.path("send_to_ack").path("count").asLong()
                + r.path("latency").path("send_to_ack").path("count").asLong()).isEqualTo(acked);
        assertThat(r.path("audit").path("expected_deliveries").asLong()).isEqualTo(acked * 20);
    }

    @Test
    void roomsKeepsEachRoomsTrafficInsideIt(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "rooms", "--members-per-room=8", "--senders-per-room=2", "--room-rate=40",
                "--duration=1.5");
        assertAuditPassed(r);
        long acked = r.path("counts").path("acked").asLong();
        assertThat(acked).isPositive();
        assertThat(r.path("counts").path("delivered").asLong()).isEqualTo(acked * 8);
    }

    @Test
    void ingestCountsDurablyStoredAcknowledgements(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "ingest", "--senders=4", "--window=16", "--listeners-per-room=1",
                "--duration=1.5", "--max-messages=3000");
        assertAuditPassed(r);
        assertThat(r.path("counts").path("acked").asLong()).isEqualTo(r.path("counts").path("sent").asLong()).isPositive();
        assertThat(r.path("counts").path("sent").asLong()).isLessThanOrEqualTo(3000);
        assertThat(r.path("rates").path("acked_per_second").asDouble()).isPositive();
    }

    @Test
    void connectStormMeasuresTimeToRoomStateAndAuditsProbes(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "connect-storm", "--connections=200", "--duration=0.5");
        assertAuditPassed(r);
        assertThat(r.path("latency").path("connect_to_room_state").path("count").asLong()).isEqualTo(200);
        assertThat(r.path("rates").path("connects_per_second").asDouble()).isPositive();
        // Three probes in each of the two rooms, each delivered to the room's 100 members.
        assertThat(r.path("counts").path("acked").asLong()).isEqualTo(6);
        assertThat(r.path("counts").path("delivered").asLong()).isEqualTo(600);
    }

    @Test
    void idleHoldsConnectionsWithHeartbeatsAndWeighsTheHeap(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "idle", "--connections=100", "--duration=1.5", "--heartbeat-seconds=0.5",
                "--server-pid=" + ProcessHandle.current().pid());
        assertAuditPassed(r);
        assertThat(r.path("counts").path("pongs").asLong()).isGreaterThanOrEqualTo(100);
        assertThat(r.path("server").path("heap_method").asText()).isEqualTo("after-full-gc");
        assertThat(r.path("server").path("idle_heap_after").asLong()).isPositive();
        assertThat(r.path("server").path("heap_bytes_per_connection").isNumber()).isTrue();
        assertThat(r.path("server").path("cpu_percent_mean").isNumber()).isTrue();
    }

    @Test
    void resumeLosesNothingStoredWhileClientsDropAndReconnect(@TempDir Path reports) throws Exception {
        JsonNode r = run(reports, 0, "resume", "--members-per-room=10", "--senders-per-room=2", "--rate=25",
                "--drops-per-second=10", "--reconnect-delay-ms=50", "--duration=2");
        assertAuditPassed(r);
        assertThat(r.path("counts").path("reconnects").asLong()).isPositive();
        assertThat(r.path("counts").path("acked").asLong()).isPositive();
    }

    @Test
    void refusesATargetOffThisMachine(@TempDir Path reports) {
        CommandLine cli = LoadtestMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int exit = cli.execute("fanout", "--url=http://10.1.2.3:8080", "--secret=" + SECRET, "--rooms=" + roomA,
                "--report-dir=" + reports);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("loopback");
    }
}
