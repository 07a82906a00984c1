package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second server started on the data directory of a running one (another process, as it would be) stops with one
 * line naming the directory and what to do, instead of H2's "database may be already in use" trace.
 */
class SecondServerIT {
    @TempDir
    Path dataDir;

    @Test
    void aSecondServerOnTheSameDataDirectoryStopsWithOneLine() throws Exception {
        Process first = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--server.host=127.0.0.1", "--server.port=0", "--admin.port=0", "--data.dir=" + dataDir))
                .redirectErrorStream(true)
                .start();
        try {
            AtomicBoolean listening = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                try (BufferedReader log = new BufferedReader(new InputStreamReader(first.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = log.readLine()) != null) {
                        if (line.contains("listening on")) {
                            listening.set(true);
                        }
                    }
                } catch (IOException ended) {
                    // the process went away
                }
            }, "first-server-log");
            reader.setDaemon(true);
            reader.start();
            Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> listening.get() || !first.isAlive());
            assertThat(listening).as("the first server started").isTrue();

            Launcher.Run second = Launcher.run("--server.host=127.0.0.1", "--server.port=0", "--admin.port=0",
                    "--data.dir=" + dataDir);

            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err()).isEqualTo("community-server: data directory " + dataDir.toAbsolutePath().normalize()
                    + " is in use by another process (the embedded store admits one server at a time): stop the server"
                    + " using it, or give this one its own --data.dir=DIR (several servers share data through"
                    + " PostgreSQL: --db.url)" + System.lineSeparator());
            assertThat(first.isAlive()).as("the first server is untouched").isTrue();
        } finally {
            first.destroy();
            if (!first.waitFor(30, TimeUnit.SECONDS)) {
                first.destroyForcibly().waitFor();
            }
        }
    }
}
