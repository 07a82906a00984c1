package dev.community.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls.*, server.trusted_proxies, ws.compression and redis.tls_ca_file keys. */
class TransportConfigTest {
    @TempDir
    Path tmp;

    @Test
    void tlsIsOffWithItsDocumentedDefaults() {
        ServerConfig config = load();
        assertThat(config.tls().enabled()).isFalse();
        assertThat(config.tls().plainPort()).isEmpty();
        assertThat(config.tls().provider()).isEqualTo("auto");
        assertThat(config.tls().watchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.tls().hstsMaxAge()).isEqualTo(Duration.ofDays(365));
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.ws().compression()).isFalse();
        assertThat(config.redisTlsCaFile()).isEmpty();
    }

    @Test
    void aCertificateAndKeyTurnTlsOnWithAPlainListenerBeside() throws IOException {
        Path cert = Files.writeString(tmp.resolve("cert.pem"), "x");
        Path key = Files.writeString(tmp.resolve("key.pem"), "x");
        ServerConfig config = load("--tls.cert_file=" + cert, "--tls.key_file=" + key, "--tls.plain_port=8081",
                "--tls.provider=JDK", "--tls.watch_interval_seconds=0", "--tls.hsts_max_age_seconds=0");
        assertThat(config.tls().enabled()).isTrue();
        assertThat(config.tls().certFile()).contains(cert);
        assertThat(config.tls().keyFile()).contains(key);
        assertThat(config.tls().plainPort()).contains(8081);
        assertThat(config.tls().provider()).isEqualTo("jdk");
        assertThat(config.tls().watchInterval()).isZero();
        assertThat(config.tls().hstsMaxAge()).isZero();
        assertThat(ConfigLoader.describe(config)).contains("tls.cert_file = " + cert, "tls.plain_port = 8081");
    }

    @Test
    void certificateAndKeyComeTogether() throws IOException {
        Path cert = Files.writeString(tmp.resolve("cert.pem"), "x");
        assertThat(failure("--tls.cert_file=" + cert))
                .isEqualTo("tls.cert_file and tls.key_file must be set together [set by --tls.cert_file]");
    }

    @Test
    void missingFilesAreNamed() {
        assertThat(failure("--tls.cert_file=/no/such/cert.pem", "--tls.key_file=/no/such/key.pem"))
                .isEqualTo("tls.cert_file must be a readable file (got '/no/such/cert.pem') [set by --tls.cert_file]");
        assertThat(failure("--redis.tls_ca_file=/no/ca.pem"))
                .isEqualTo("redis.tls_ca_file must be a readable file (got '/no/ca.pem') [set by --redis.tls_ca_file]");
    }

    @Test
    void aPlainPortNeedsTlsAndItsOwnNumber() throws IOException {
        assertThat(failure("--tls.plain_port=8081")).startsWith("tls.plain_port needs tls.cert_file and tls.key_file");
        Path cert = Files.writeString(tmp.resolve("cert.pem"), "x");
        Path key = Files.writeString(tmp.resolve("key.pem"), "x");
        assertThat(failure("--tls.cert_file=" + cert, "--tls.key_file=" + key, "--server.port=8443",
                "--tls.plain_port=8443"))
                .startsWith("tls.plain_port must differ from server.port and admin.port (got 8443)");
    }

    @Test
    void anUnknownProviderIsRefused() {
        assertThat(failure("--tls.provider=nss"))
                .isEqualTo("tls.provider must be one of auto, openssl, jdk (got 'nss') [set by --tls.provider]");
    }

    @Test
    void trustedProxiesAreAddressBlocks() {
        ServerConfig config = load("--server.trusted_proxies=10.0.0.0/8, 127.0.0.1 ,fd00::/8");
        assertThat(config.trustedProxies()).extracting(AddressBlock::toString)
                .containsExactly("10.0.0.0/8", "127.0.0.1/32", "fd00:0:0:0:0:0:0:0/8");
        assertThat(failure("--server.trusted_proxies=proxy.internal")).isEqualTo("server.trusted_proxies entries must be"
                + " IP addresses or CIDR blocks: 'proxy.internal' is not an IP address or CIDR block"
                + " [set by --server.trusted_proxies]");
        assertThat(failure("--server.trusted_proxies=10.0.0.0/33")).contains("prefix length outside 0..32");
        assertThat(failure("--server.trusted_proxies=10.1.2.3/8,10.0.0.0/8")).contains("lists 10.0.0.0/8 twice");
    }

    @Test
    void compressionIsABoolean() {
        assertThat(load("--ws.compression=true").ws().compression()).isTrue();
        assertThat(failure("--ws.compression=on")).startsWith("ws.compression must be true or false");
    }

    private ServerConfig load(String... flags) {
        return ConfigLoader.load(withDataDir(flags), Map.of());
    }

    private String failure(String... flags) {
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(withDataDir(flags), Map.of()));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return thrown.getMessage();
    }

    private String[] withDataDir(String... flags) {
        List<String> args = new ArrayList<>();
        args.add("--data.dir=" + tmp.resolve("data"));
        args.addAll(Arrays.asList(flags));
        return args.toArray(String[]::new);
    }

}
