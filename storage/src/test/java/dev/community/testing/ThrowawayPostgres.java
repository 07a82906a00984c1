package dev.community.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, private PostgreSQL cluster on a free loopback port, made with the machine's own {@code initdb} and
 * {@code pg_ctl} (Debian's /usr/lib/postgresql/N/bin), serving TLS with a certificate the test made, and accepting
 * connections only over TLS ({@code hostssl} in pg_hba.conf, everything else rejected). Run as root it runs the
 * server as the {@code postgres} user (PostgreSQL refuses root). {@link #close()} stops it and deletes everything.
 * Without PostgreSQL's binaries the calling test is skipped — except under CI=true, where it fails.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;
    private final Path bin;

    private ThrowawayPostgres(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Initialises and starts a cluster serving {@code certificate}; only TLS connections are accepted. */
    public static ThrowawayPostgres startWithTls(TestCertificates.Issued certificate) throws IOException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("community-pg-tls");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ThrowawayPostgres pg = new ThrowawayPostgres(dir, bin, freePort(), root);
        try {
            pg.start(certificate);
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    public int port() {
        return port;
    }

    private void start(TestCertificates.Issued certificate) throws IOException {
        Path cert = certificate.writeChain(dir.resolve("server.crt"));
        Path key = certificate.writeKey(dir.resolve("server.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        if (asPostgresUser) {
            Files.createDirectories(data);
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            for (Path owned : List.of(dir, data, cert, key)) {
                Files.setOwner(owned, postgres);
            }
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8"));
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "hostssl all all 127.0.0.1/32 trust",
                "hostssl all all ::1/128 trust",
                "hostnossl all all 0.0.0.0/0 reject",
                "hostnossl all all ::/0 reject", ""));
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                + " -c ssl=on -c ssl_cert_file=" + cert + " -c ssl_key_file=" + key
                + " -c ssl_min_protocol_version=TLSv1.2 -c fsync=off -c max_connections=20";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", options,
                "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60", "start"));
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        File log = dir.resolve("commands.log").toFile();
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 90 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " exited " + process.exitValue() + ":\n"
                    + Files.readString(log.toPath()) + (Files.exists(dir.resolve("postgres.log"))
                    ? Files.readString(dir.resolve("postgres.log")) : ""));
        }
    }

    /**
     * The newest installed PostgreSQL's bin directory (also for other throw-away clusters, e.g. the server's
     * failover tests); without one the calling test is skipped, or fails under CI=true.
     */
    public static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        Path found = null;
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))))
                        .orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (found == null) {
            String reason = "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + ": required under CI=true");
            }
            Assumptions.abort(reason);
        }
        return found;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
            } catch (IOException e) {
                // deleting below still removes what is left; the port is freed when the process exits
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
