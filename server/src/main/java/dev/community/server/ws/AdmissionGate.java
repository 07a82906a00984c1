package dev.community.server.ws;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many WebSocket upgrades a node admits at once ({@code ws.max_admissions}): from the token check to the
 * verdict, each holds a place. When every place is taken, a new upgrade is answered {@code 503} with
 * {@code Retry-After} at once, rather than queued behind the others until it times out: in a reconnect storm the
 * clients come back spread out by their back-off instead of piling onto the blocking pool. Shared by every
 * connection of the public port; thread-safe.
 */
public final class AdmissionGate {
    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();

    public AdmissionGate(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an admission gate needs room for at least one");
        }
        this.capacity = capacity;
    }

    /** Takes a place; false when all are taken (the caller answers 503). Every true is matched by one {@link #leave}. */
    public boolean tryEnter() {
        while (true) {
            int now = inFlight.get();
            if (now >= capacity) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives the place back: the admission ended (admitted, refused, failed, or the client left). */
    public void leave() {
        inFlight.decrementAndGet();
    }

    /** Upgrades being admitted now. */
    public int inFlight() {
        return inFlight.get();
    }
}
