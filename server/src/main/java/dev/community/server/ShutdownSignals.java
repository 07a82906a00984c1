package dev.community.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful stop and the process then exits 0 (a plain shutdown hook would still
 * exit 143, which supervisors read as a crash).
 */
final class ShutdownSignals {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    static void onTermOrInt(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("SIG{} received: stopping gracefully", name);
                    new Thread(stop, "shutdown").start();
                });
            } catch (IllegalArgumentException unsupported) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown-hook"));
            }
        }
    }
}
