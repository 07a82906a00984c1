package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.loadtest.report.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * restart-storm at small scale against a server in a child JVM (so that it can be killed with -9 as a real node
 * would be): the harness's restart command kills it and starts it again on the same port and data directory, every
 * client must come back with since_seq, and the audit must find every acknowledged message delivered once.
 */
class RestartStormIT {
    private static final String SECRET = "loadtest-restart-integration-secret-0123456789";

    @TempDir
    Path dir;
    private Path pidFile;

    @AfterEach
    void killServer() throws IOException {
        if (pidFile != null && Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void everyClientComesBackAfterAKillAndTheAuditHolds() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("server.log");
        pidFile = dir.resolve("server.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String start = quote(java) + " -cp " + quote(System.getProperty("java.class.path"))
                + " dev.community.server.Main --server.host=127.0.0.1 --server.port=" + port + " --admin.port=0"
                + " --data.dir=" + quote(data.toString()) + " --auth.jwt.secret=" + SECRET
                + " --limits.rate_messages=1000000 --server.shutdown_grace_seconds=1";
        // Start (again) in the background, remember the pid; the restart kills the running one first.
        Path startScript = dir.resolve("start.sh");
        Files.writeString(startScript, start + " >> " + quote(log.toString()) + " 2>&1 &\necho $! > "
                + quote(pidFile.toString()) + "\n");
        Path restartScript = dir.resolve("restart.sh");
        Files.writeString(restartScript, "kill -9 $(cat " + quote(pidFile.toString()) + ")\nsh "
                + quote(startScript.toString()) + "\n");
        new ProcessBuilder("sh", startScript.toString()).inheritIO().start().waitFor();
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(log) && read(log).contains("listening on"));
        List<String> rooms = new ArrayList<>();
        Matcher forum = Pattern.compile("forum (general|help) id=([0-9a-f-]{36})").matcher(read(log));
        while (forum.find()) {
            rooms.add(forum.group(2));
        }
        assertThat(rooms).hasSize(2);

        Path reports = Files.createDirectories(dir.resolve("reports"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoadtestMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("restart-storm", "--url=http://127.0.0.1:" + port, "--secret=" + SECRET,
                "--rooms=" + String.join(",", rooms), "--report-dir=" + reports, "--user-prefix=storm-",
                "--members-per-room=5", "--senders-per-room=2", "--room-rate=20", "--duration=6",
                "--restart-after=1.5", "--restart-command=sh " + restartScript, "--drain-timeout=60",
                "--connect-concurrency=20", "--reconnect-first-ms=100", "--reconnect-max-ms=1000");
        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();

        JsonNode r;
        try (Stream<Path> files = Files.list(reports)) {
            r = JsonReport.read(files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        }
        JsonNode audit = r.path("audit");
        for (String count : List.of("lost", "undelivered", "duplicates", "reordered", "unsynced", "seq_collisions",
                "unanswered")) {
            assertThat(audit.path(count).asLong()).as(count + " in " + audit).isZero();
        }
        assertThat(audit.path("members_audited").asLong()).isEqualTo(10);
        JsonNode restart = r.path("restart");
        assertThat(restart.path("command_exit_code").asInt()).isZero();
        assertThat(restart.path("clients_live").asInt()).isEqualTo(10);
        assertThat(restart.path("clients_back").asInt()).isEqualTo(10);
        assertThat(restart.path("seconds_to_last_back").asDouble()).isPositive();
        assertThat(r.path("counts").path("reconnects").asLong()).isGreaterThanOrEqualTo(10);
        // Messages were acknowledged on both sides of the restart.
        assertThat(r.path("counts").path("acked").asLong()).isPositive();
        assertThat(read(log)).containsPattern("(?s)listening on.*listening on");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
