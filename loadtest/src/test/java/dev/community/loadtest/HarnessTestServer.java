package dev.community.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.config.ConfigLoader;
import dev.community.loadtest.report.JsonReport;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.CommunityServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the harness's integration tests share: a server in this JVM on free loopback ports (embedded store, the
 * message rate lifted unless a flag says otherwise), forums to run in, and the harness's command line run as an
 * operator would type it, with its JSON result read back.
 */
final class HarnessTestServer {
    private HarnessTestServer() {
    }

    /** A started server with {@code secret}; {@code flags} add to (or override) the defaults. */
    static CommunityServer start(Path dataDir, String secret, String... flags) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--server.host=127.0.0.1", "--server.port=0", "--admin.port=0",
                "--data.dir=" + dataDir, "--auth.jwt.secret=" + secret, "--limits.rate_messages=1000000",
                "--server.shutdown_grace_seconds=5"));
        all.addAll(List.of(flags));
        return new CommunityServer(ConfigLoader.load(all.toArray(String[]::new), Map.of()), Clock.systemUTC()).start();
    }

    /** A new public forum. */
    static UUID forum(CommunityServer server, String name) {
        return server.context().storage().rooms().create(name, name.toLowerCase().replace(' ', '-'), RoomType.FORUM,
                Visibility.PUBLIC, "loadtest", name).id();
    }

    /** One run of the harness's command line: its exit code and what it printed. */
    record CliRun(int exit, String out, String err) {
        /** For an assertion message. */
        String printed() {
            return "stdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static CliRun execute(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoadtestMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args.toArray(String[]::new));
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** The JSON result a run wrote into {@code reports}. */
    static JsonNode result(Path reports) throws IOException {
        try (Stream<Path> files = Files.list(reports)) {
            return JsonReport.read(files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        }
    }
}
