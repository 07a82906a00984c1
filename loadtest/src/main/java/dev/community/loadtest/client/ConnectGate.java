package dev.community.loadtest.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many clients are between TCP connect and room_state at once, so a storm of thousands measures the
 * server's admission rate rather than overflowing its accept backlog. Thread-safe.
 */
public final class ConnectGate {
    private final int concurrency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<SimClient> waiting = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public ConnectGate(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("connect concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /** Queues a client's connect; it starts on the client's loop once a slot is free. */
    public void submit(SimClient client) {
        if (closed) {
            return;
        }
        waiting.add(client);
        pump();
    }

    /**
     * Stops admitting: the clients still waiting never connect. Called when the run ends, so no connect starts
     * on loops that are shutting down.
     *
     * @return how many clients were still waiting
     */
    public int close() {
        closed = true;
        int dropped = 0;
        while (waiting.poll() != null) {
            dropped++;
        }
        return dropped;
    }

    /** A connect attempt ended (room_state, failure or timeout): frees its slot. */
    public void release() {
        inFlight.decrementAndGet();
        pump();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int waiting() {
        return waiting.size();
    }

    private void pump() {
        while (true) {
            int now = inFlight.get();
            if (closed || now >= concurrency || waiting.isEmpty()) {
                return;
            }
            if (!inFlight.compareAndSet(now, now + 1)) {
                continue;
            }
            SimClient next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                continue;
            }
            next.loop().execute(next::connectNow);
        }
    }
}
