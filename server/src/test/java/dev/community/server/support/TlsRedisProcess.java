package dev.community.server.support;

import dev.community.testing.TestCertificates;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway {@code redis-server} speaking only TLS ({@code --port 0 --tls-port P}) on loopback, with a
 * certificate the test made. Debian's redis-server is built with TLS. Without the binary the test is skipped,
 * except under CI=true, where it fails.
 */
public final class TlsRedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private TlsRedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static TlsRedisProcess start(Path dir, TestCertificates.Authority ca, TestCertificates.Issued certificate)
            throws IOException {
        String binary = System.getenv().getOrDefault("COMMUNITY_TEST_REDIS_SERVER", "redis-server");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path cert = certificate.writeChain(dir.resolve("redis.crt"));
        Path key = certificate.writeKey(dir.resolve("redis.key"));
        Path caFile = ca.writeCertificate(dir.resolve("redis-ca.crt"));
        Process process;
        try {
            process = new ProcessBuilder(List.of(binary, "--port", "0", "--tls-port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                    "--tls-ca-cert-file", caFile.toString(), "--tls-auth-clients", "no", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "redis.log"))
                    .start();
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("no " + binary + " to start a TLS Redis with, required under CI=true", e);
            }
            Assumptions.abort("no " + binary + " to start a TLS Redis with: " + e.getMessage());
            throw e;
        }
        TlsRedisProcess redis = new TlsRedisProcess(process, port);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> redis.accepting() || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server with TLS exited " + process.exitValue() + "; see "
                        + dir.resolve("redis.log"));
            }
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private boolean accepting() {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
