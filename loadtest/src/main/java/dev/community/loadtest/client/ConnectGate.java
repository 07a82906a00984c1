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

    public ConnectGate(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("connect concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /** Queues a client's connect; it starts on the client's loop once a slot is free. */
    public void submit(SimClient client) {
        waiting.add(client);
        pump();
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
            if (now >= concurrency || waiting.isEmpty()) {
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
