package dev.community.server.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate pair the public port serves, replaceable while the server runs. Each new connection gets an
 * engine from the pair current at its accept; a replacement affects only connections accepted after it, so open
 * connections carry on undisturbed with the engine they have. A renewed pair that fails {@link CertificatePair}'s
 * checks is refused with one log line naming the reason, and the pair in service stays.
 *
 * <p>Meters: {@code community.tls.certificate.expiry.days} (days until the served certificate's notAfter; negative
 * once expired) and {@code community.tls.certificate.reloads{outcome=replaced|unchanged|refused}}.
 */
public final class ReloadableTls {
    private static final Logger log = LoggerFactory.getLogger(ReloadableTls.class);
    private static final double SECONDS_PER_DAY = 86_400.0;

    /** What a reload did. */
    public enum Outcome { REPLACED, UNCHANGED, REFUSED }

    /**
     * @param outcome what happened
     * @param serving the pair in service afterwards
     * @param reason  why a pair was refused; null otherwise
     */
    public record Reload(Outcome outcome, CertificatePair serving, String reason) {
    }

    private final Path certFile;
    private final Path keyFile;
    private final SslProvider provider;
    private final Duration handshakeTimeout;
    private final Clock clock;
    private final Counter replaced;
    private final Counter unchanged;
    private final Counter refused;
    private volatile CertificatePair current;

    /**
     * Loads the first pair.
     *
     * @throws InvalidCertificateException when it cannot be served (the server must not start without it)
     */
    public ReloadableTls(Path certFile, Path keyFile, SslProvider provider, Duration handshakeTimeout,
                         MeterRegistry meters, Clock clock) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.provider = provider;
        this.handshakeTimeout = handshakeTimeout;
        this.clock = clock;
        this.current = CertificatePair.load(certFile, keyFile, provider);
        Gauge.builder("community.tls.certificate.expiry.days", this, ReloadableTls::daysLeft)
                .description("Days until the served certificate expires (negative once it has)").register(meters);
        replaced = reloads(meters, "replaced");
        unchanged = reloads(meters, "unchanged");
        refused = reloads(meters, "refused");
        warnIfExpired(current);
    }

    /** A new connection's TLS handler, from the pair in service now. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        SslHandler handler = current.context().newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    public CertificatePair current() {
        return current;
    }

    public SslProvider provider() {
        return provider;
    }

    /** The files the pair is read from, for the watcher. */
    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /**
     * Reads the files again and serves the pair they hold from the next accepted connection on, unless it is the
     * certificate already served or it fails the checks. Blocking file I/O: never call it on an event loop.
     */
    public synchronized Reload reload() {
        CertificatePair loaded;
        try {
            loaded = CertificatePair.load(certFile, keyFile, provider);
        } catch (InvalidCertificateException e) {
            refused.increment();
            log.error("TLS certificate reload REFUSED, still serving {} (expires {}): {}", current.subject(),
                    current.notAfter(), e.getMessage());
            return new Reload(Outcome.REFUSED, current, e.getMessage());
        }
        if (loaded.fingerprint().equals(current.fingerprint())) {
            unchanged.increment();
            return new Reload(Outcome.UNCHANGED, current, null);
        }
        CertificatePair previous = current;
        current = loaded;
        replaced.increment();
        log.info("TLS certificate replaced: now serving {} (sha256 {}, expires {}); was {} (sha256 {}); open"
                        + " connections keep theirs", loaded.subject(), loaded.fingerprint(), loaded.notAfter(),
                previous.subject(), previous.fingerprint());
        warnIfExpired(loaded);
        return new Reload(Outcome.REPLACED, loaded, null);
    }

    /** Days (fractional) until the served certificate expires. */
    public double daysLeft() {
        return (current.notAfter().getEpochSecond() - clock.instant().getEpochSecond()) / SECONDS_PER_DAY;
    }

    private void warnIfExpired(CertificatePair pair) {
        if (!pair.notAfter().isAfter(clock.instant())) {
            log.warn("the TLS certificate {} EXPIRED at {}: clients will refuse it; renew {} and {}", pair.subject(),
                    pair.notAfter(), certFile, keyFile);
        }
    }

    private static Counter reloads(MeterRegistry meters, String outcome) {
        return Counter.builder("community.tls.certificate.reloads").tag("outcome", outcome)
                .description("Certificate reloads, by outcome").register(meters);
    }
}
