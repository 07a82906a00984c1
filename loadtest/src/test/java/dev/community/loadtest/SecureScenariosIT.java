package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.config.ConfigLoader;
import dev.community.loadtest.report.JsonReport;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.CommunityServer;
import dev.community.server.Metrics;
import dev.community.testing.TestCertificates;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The harness over https:// and wss:// (trusting a throwaway CA through --ca-file), with and without
 * --compression, against a server with TLS and ws.compression on: every message reaches every member, and the
 * compressed run writes fewer bytes per frame.
 */
class SecureScenariosIT {
    private static final String SECRET = "loadtest-tls-integration-secret-0123456789";
    private static final int MEMBERS = 20;

    @TempDir
    static Path dir;
    static CommunityServer server;
    static PrometheusMeterRegistry meters;
    static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("Harness Test CA");
        TestCertificates.Issued leaf = ca.issue("localhost", List.of("127.0.0.1"), Duration.ofDays(1));
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        String[] flags = {"--server.host=127.0.0.1", "--server.port=0", "--admin.port=0", "--data.dir=" + dir.resolve("data"),
                "--auth.jwt.secret=" + SECRET, "--limits.rate_messages=1000000", "--server.shutdown_grace_seconds=5",
                "--tls.cert_file=" + leaf.writeChain(dir.resolve("chain.pem")),
                "--tls.key_file=" + leaf.writeKey(dir.resolve("key.pem")), "--ws.compression=true"};
        meters = Metrics.newRegistry();
        server = new CommunityServer(ConfigLoader.load(flags, Map.of()), meters, Clock.systemUTC()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fanoutOverWssWithAndWithoutCompression(@TempDir Path reports) throws Exception {
        double plainBytesPerFrame = fanout(reports.resolve("plain"), "plain");
        double compressedBytesPerFrame = fanout(reports.resolve("deflate"), "deflate", "--compression");
        assertThat(compressedBytesPerFrame).isLessThan(plainBytesPerFrame);
        assertThat(counter("community.tls.handshakes", "outcome", "ok")).isGreaterThanOrEqualTo(2 * MEMBERS);
    }

    /** One short fan-out run in a room of its own; the server's bytes per frame written during it. */
    private static double fanout(Path reports, String prefix, String... extra) throws Exception {
        UUID room = server.context().storage().rooms().create(prefix, "secure-" + prefix, RoomType.FORUM, Visibility.PUBLIC, "loadtest",
                "").id();
        double bytesBefore = counter("community.ws.bytes.out");
        double framesBefore = counter("community.ws.frames.out");
        List<String> args = new java.util.ArrayList<>(List.of("fanout",
                "--url=https://127.0.0.1:" + server.publicPort(), "--ca-file=" + caFile, "--secret=" + SECRET,
                "--rooms=" + room, "--report-dir=" + reports, "--user-prefix=" + prefix + "-",
                "--members=" + MEMBERS, "--senders=2", "--rate=20", "--duration=1.5", "--drain-timeout=10",
                "--connect-concurrency=20", "--payload=200"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoadtestMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        JsonNode result;
        try (Stream<Path> files = Files.list(reports)) {
            result = JsonReport.read(files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        }
        long acked = result.path("counts").path("acked").asLong();
        assertThat(acked).isPositive();
        assertThat(result.path("counts").path("delivered").asLong()).isEqualTo(acked * MEMBERS);
        assertThat(result.path("audit").path("lost").asLong()).isZero();
        return (counter("community.ws.bytes.out") - bytesBefore) / (counter("community.ws.frames.out") - framesBefore);
    }

    private static double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counters();
        return counter.stream().mapToDouble(c -> c.count()).sum();
    }
}
