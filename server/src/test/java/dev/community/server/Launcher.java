package dev.community.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@code community-server} in this JVM as a person would from a shell, with a given environment and stdin,
 * and keeps what it printed.
 */
final class Launcher {
    private Launcher() {
    }

    /** What one run printed and how it exited. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        return run(Map.of(), "", args);
    }

    static Run run(Map<String, String> env, String stdin, String... args) {
        return run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    static Run run(Map<String, String> env, InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new Main(env, stdin))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
