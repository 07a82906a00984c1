package dev.community.server.tls;

import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's TLS, when {@code tls.cert_file} is set: the served pair and the watcher that renews it. */
public final class ServerTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final ReloadableTls certificates;
    private final CertificateWatcher watcher;
    private final TlsHandshakeMeter handshakes;
    private final Duration hstsMaxAge;

    private ServerTls(ReloadableTls certificates, CertificateWatcher watcher, TlsHandshakeMeter handshakes,
                      Duration hstsMaxAge) {
        this.certificates = certificates;
        this.watcher = watcher;
        this.handshakes = handshakes;
        this.hstsMaxAge = hstsMaxAge;
    }

    /**
     * Chooses the provider, loads and checks the pair, starts the watcher; logs what it chose.
     *
     * @throws InvalidCertificateException when the configured pair cannot be served
     * @throws IllegalStateException       when {@code tls.provider=openssl} and OpenSSL cannot be loaded
     */
    public static ServerTls start(ServerConfig.TlsConfig config, Duration handshakeTimeout, MeterRegistry meters,
                                  Clock clock) {
        SslProvider provider = TlsProviders.choose(config.provider());
        ReloadableTls certificates = new ReloadableTls(config.certFile().orElseThrow(), config.keyFile().orElseThrow(),
                provider, handshakeTimeout, meters, clock);
        CertificatePair pair = certificates.current();
        log.info("TLS: {} via {}, TLS 1.3 + 1.2, ALPN http/1.1; certificate {} (sha256 {}) expires {} ({} days);"
                        + " {}", config.certFile().get(), TlsProviders.describe(provider), pair.subject(),
                pair.fingerprint(), pair.notAfter(), (long) Math.floor(certificates.daysLeft()),
                config.watchInterval().isZero() ? "renewals via POST /admin/tls/reload only"
                        : "files checked for renewal every " + config.watchInterval().toSeconds() + " s");
        CertificateWatcher watcher = config.watchInterval().isZero() ? null
                : new CertificateWatcher(certificates, config.watchInterval());
        return new ServerTls(certificates, watcher, new TlsHandshakeMeter(meters), config.hstsMaxAge());
    }

    public ReloadableTls certificates() {
        return certificates;
    }

    /** The pipeline pieces of a listener that speaks TLS. */
    public ListenerTransport.Tls transport() {
        return new ListenerTransport.Tls(certificates, handshakes,
                hstsMaxAge.isZero() ? null : new StrictTransportSecurity(hstsMaxAge));
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
