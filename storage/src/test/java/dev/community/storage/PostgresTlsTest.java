package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.config.ServerConfig;
import dev.community.testing.TestCertificates;
import dev.community.testing.ThrowawayPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store over an encrypted, verified link: {@code sslmode=verify-full} against a throwaway PostgreSQL cluster
 * that serves a certificate from a CA made here and accepts TLS connections only. The server's certificate names
 * {@code localhost} alone, so the same server reached as 127.0.0.1 fails the host-name check.
 */
class PostgresTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates.Authority ca;
    static ThrowawayPostgres postgres;
    static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.authority("Database Test CA");
        postgres = ThrowawayPostgres.startWithTls(ca.issue("localhost", List.of("localhost"), Duration.ofDays(1)));
        caFile = ca.writeCertificate(dir.resolve("db-ca.pem"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String url(String host, String parameters) {
        return "jdbc:postgresql://" + host + ":" + postgres.port() + "/postgres?" + parameters;
    }

    @Test
    void theStoreRunsOverVerifiedTls() throws Exception {
        String url = url("localhost", "sslmode=verify-full&sslrootcert=" + caFile);
        try (Storage storage = Storage.open(new ServerConfig.DatabaseConfig(Optional.of(url), Optional.of("postgres"),
                Optional.empty(), 2), dir, new ServerConfig.WriterConfig(10, Duration.ofMillis(1), 100),
                new SimpleMeterRegistry())) {
            assertThat(storage.rooms().ensureForums(List.of("tls-room"))).extracting(RoomRecord::slug)
                    .containsExactly("tls-room");
            try (Connection connection = storage.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet ssl = statement.executeQuery(
                         "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(ssl.next()).isTrue();
                assertThat(ssl.getBoolean("ssl")).isTrue();
                assertThat(ssl.getString("version")).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void anotherCaIsNotTrusted() {
        Path otherCa = TestCertificates.authority("Someone Else").writeCertificate(dir.resolve("other-ca.pem"));
        assertThatThrownBy(() -> connect(url("localhost", "sslmode=verify-full&sslrootcert=" + otherCa)))
                .hasStackTraceContaining("PKIX path");
    }

    @Test
    void aHostTheCertificateDoesNotNameFailsVerifyFull() {
        assertThatThrownBy(() -> connect(url("127.0.0.1", "sslmode=verify-full&sslrootcert=" + caFile)))
                .hasStackTraceContaining("could not be verified by hostnameverifier");
    }

    @Test
    void plainTextIsRejectedByTheServer() {
        assertThatThrownBy(() -> connect(url("localhost", "sslmode=disable")))
                .hasStackTraceContaining("no encryption");
    }

    private static void connect(String url) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("connectTimeout", "10");
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.isValid(5);
        }
    }
}
