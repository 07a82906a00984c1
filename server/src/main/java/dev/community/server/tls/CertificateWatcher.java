package dev.community.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the certificate pair when its files change. It polls — each file's resolved path, size and modification
 * time — rather than relying on file-system events, because renewals arrive as symlink swaps (Kubernetes secrets,
 * certbot's live/ directory) as often as in-place writes, and polling sees both the same way. A pair that is
 * refused (say the certificate was written and the key not yet) is tried again as soon as either file changes
 * again; an unchanged refused pair is not re-read every tick.
 */
public final class CertificateWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateWatcher.class);

    private final ReloadableTls tls;
    private final ScheduledExecutorService timer;
    private List<Object> lastSeen;

    public CertificateWatcher(ReloadableTls tls, Duration interval) {
        this.tls = tls;
        this.lastSeen = stamp();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-certificate-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs on the watcher's thread: file reads never touch an event loop. */
    private void check() {
        try {
            List<Object> now = stamp();
            if (!Objects.equals(now, lastSeen)) {
                lastSeen = now;
                tls.reload();
            }
        } catch (RuntimeException e) {
            log.error("TLS certificate watch failed; will try again", e);
        }
    }

    private List<Object> stamp() {
        return List.of(stamp(tls.certFile()), stamp(tls.keyFile()));
    }

    private static Object stamp(Path file) {
        try {
            return List.of(file.toRealPath(), Files.size(file), Files.getLastModifiedTime(file));
        } catch (IOException e) {
            // Missing for a moment during a swap: a different stamp, so the next good state is reloaded.
            return "unreadable: " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
