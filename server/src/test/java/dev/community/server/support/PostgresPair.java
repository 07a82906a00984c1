package dev.community.server.support;

import dev.community.testing.ThrowawayPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Two throw-away PostgreSQL clusters of this machine's PostgreSQL binaries — a primary and a streaming standby —
 * in a temp directory on free loopback ports, for failover tests. Never the shared cluster on 5432. The standby
 * streams from the primary through a {@link TcpProxy} ({@link #replicationLink}), so a test can slow the
 * replication down or cut it with the primary, as when the primary's machine is lost with the WAL it had not sent.
 *
 * <p>The binaries are {@link ThrowawayPostgres#binaries()}'s (missing: the test is skipped, except under CI=true where it
 * fails). PostgreSQL refuses to run as root, so as root the commands run as {@code postgres}, as there.
 */
public final class PostgresPair implements AutoCloseable {
    public static final String USER = "postgres";
    private final Path bin;
    private final Path base;
    private final boolean asPostgres;
    public final int primaryPort;
    public final int standbyPort;
    public final TcpProxy replicationLink;

    private PostgresPair(Path bin, Path base, boolean synchronous) throws IOException, InterruptedException {
        this.bin = bin;
        this.base = base;
        this.asPostgres = "root".equals(System.getProperty("user.name"));
        this.primaryPort = freePort();
        this.standbyPort = freePort();
        run("initdb", "-D", dir("primary"), "-U", USER, "--auth=trust", "-N", "-E", "UTF8");
        append("primary/postgresql.conf", "port = " + primaryPort, "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + base + "'", "wal_level = replica", "max_wal_senders = 4",
                "wal_sender_timeout = 5s", "hot_standby = on",
                // sync: a commit returns once the standby has the WAL on its disk (remote_apply would add reads)
                "synchronous_standby_names = '" + (synchronous ? "standby1" : "") + "'",
                "synchronous_commit = on");
        start("primary");
        this.replicationLink = new TcpProxy("127.0.0.1", primaryPort);
        run("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(primaryPort), "-U", USER, "-D", dir("standby"),
                "-X", "stream", "-c", "fast");
        Files.writeString(base.resolve("standby/standby.signal"), "");
        append("standby/postgresql.conf", "port = " + standbyPort,
                "primary_conninfo = 'host=127.0.0.1 port=" + replicationLink.port() + " user=" + USER
                        + " application_name=standby1'",
                "wal_receiver_timeout = 5s");
        start("standby");
        awaitStreaming(synchronous ? "sync" : "async");
    }

    /** Starts the pair (sync: commits wait for the standby's flush). Skips or fails as the class says. */
    public static PostgresPair start(boolean synchronous) throws IOException, InterruptedException {
        Path bin = ThrowawayPostgres.binaries();
        Path base = Files.createTempDirectory("pg-pair");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            return new PostgresPair(bin, base, synchronous);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            stopQuietly(bin, base, "root".equals(System.getProperty("user.name")));
            throw e;
        }
    }

    /** The server's db.url: both hosts, the driver picks the one that is primary now. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort
                + "/postgres?targetServerType=primary";
    }

    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
    }

    public String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres";
    }

    /** The primary's machine is lost: its replication link breaks (what it held is gone) and it stops at once. */
    public void losePrimary() throws IOException, InterruptedException {
        replicationLink.cut();
        run("pg_ctl", "-D", dir("primary"), "-m", "immediate", "-w", "stop");
    }

    /**
     * The operator (or the HA manager) promotes the standby; returns when it accepts writes. With synchronous
     * replication the promoted standby still names a synchronous standby (its configuration is the old primary's),
     * so every commit would wait for a standby that does not exist: the operator decides to take writes on one
     * machine until a new standby is attached, by clearing {@code synchronous_standby_names}.
     */
    public void promoteStandby() throws IOException, InterruptedException, SQLException {
        run("pg_ctl", "-D", dir("standby"), "-w", "promote");
        try (Connection c = DriverManager.getConnection(standbyUrl(), USER, "");
             Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private void awaitStreaming(String syncState) {
        String[] seen = {""};
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (Connection c = DriverManager.getConnection(primaryUrl(), USER, "");
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT state, sync_state FROM pg_stat_replication"
                             + " WHERE application_name = 'standby1'")) {
                    seen[0] = rs.next() ? rs.getString(1) + "/" + rs.getString(2) : "not connected";
                    return seen[0].equals("streaming/" + syncState);
                } catch (SQLException e) {
                    seen[0] = e.toString();
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the standby never streamed " + syncState + ": " + seen[0]
                    + "\n" + log("standby"), e);
        }
    }

    private String dir(String name) {
        return base.resolve(name).toString();
    }

    private void start(String name) throws IOException, InterruptedException {
        run("pg_ctl", "-D", dir(name), "-l", base.resolve(name + ".log").toString(), "-w", "-t", "60", "start");
    }

    private void append(String file, String... lines) throws IOException {
        Files.writeString(base.resolve(file), "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        run(bin, asPostgres, tool, args);
    }

    private static void run(Path bin, boolean asPostgres, String tool, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void stopQuietly(Path bin, Path base, boolean asPostgres) {
        for (String name : List.of("primary", "standby")) {
            if (Files.exists(base.resolve(name).resolve("postmaster.pid"))) {
                try {
                    run(bin, asPostgres, "pg_ctl", "-D", base.resolve(name).toString(), "-m", "immediate", "-w", "stop");
                } catch (IOException | InterruptedException | RuntimeException ignored) {
                    // best effort: the directory goes below anyway
                }
            }
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standby's log (for a failure message). */
    public String log(String name) {
        try {
            return Files.readString(base.resolve(name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws IOException {
        replicationLink.close();
        stopQuietly(bin, base, asPostgres);
    }
}
