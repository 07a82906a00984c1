package dev.community.server.admin;

import dev.community.protocol.CloseCodes;
import dev.community.server.ws.Closer;
import dev.community.server.ws.ConnectionDirectory;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the node for a rolling deploy: stop accepting, report not ready, and close the existing sockets with
 * 1001 spread evenly over the window, so their clients reconnect (with since_seq) to other nodes gradually
 * instead of all at once.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final Runnable stopAccepting;
    private final EventLoopGroup scheduler;
    private final ConnectionDirectory connections;
    private final Closer closer;
    private volatile boolean draining;

    /**
     * @param stopAccepting closes the listening sockets
     * @param scheduler     spreads the closes over the window
     * @param connections   every socket of the node (room sockets and user streams)
     * @param closer        closes each with 1001
     */
    public Drain(Runnable stopAccepting, EventLoopGroup scheduler, ConnectionDirectory connections, Closer closer) {
        this.stopAccepting = stopAccepting;
        this.scheduler = scheduler;
        this.connections = connections;
        this.closer = closer;
    }

    public boolean draining() {
        return draining;
    }

    public synchronized void start(Duration window) {
        if (draining) {
            return;
        }
        draining = true;
        stopAccepting.run();
        // room sockets and user streams alike, each socket once
        List<io.netty.channel.Channel> sessions = new ArrayList<>(connections.channelsNow());
        long windowNanos = window.toNanos();
        log.info("draining: {} connections over {} s", sessions.size(), window.toSeconds());
        for (int i = 0; i < sessions.size(); i++) {
            io.netty.channel.Channel channel = sessions.get(i);
            long delay = sessions.size() <= 1 ? 0 : windowNanos * i / (sessions.size() - 1);
            scheduler.schedule(() -> channel.eventLoop().execute(() ->
                    closer.close(channel, CloseCodes.GOING_AWAY, "node draining")),
                    delay, TimeUnit.NANOSECONDS);
        }
    }
}
