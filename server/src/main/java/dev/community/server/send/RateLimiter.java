package dev.community.server.send;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user sliding-window limit: at most {@code limit} messages in any {@code window}. Each user keeps the
 * times of their last {@code limit} messages in a ring, so the answer is exact and the retry time is known:
 * when the oldest of them leaves the window.
 */
public final class RateLimiter {
    private final int limit;
    private final long windowMillis;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
    }

    /** Takes one message from {@code key}'s allowance: 0 if allowed, else milliseconds until one is free. */
    public long tryAcquire(String key, long nowMillis) {
        long[] wait = {0};
        rings.compute(key, (k, ring) -> {
            Ring r = ring == null ? new Ring(limit) : ring;
            long oldest = r.times[r.head];
            if (nowMillis - oldest < windowMillis) {
                wait[0] = oldest + windowMillis - nowMillis;
            } else {
                r.times[r.head] = nowMillis;
                r.head = (r.head + 1) % limit;
            }
            return r;
        });
        return wait[0];
    }

    /** Forgets users whose newest message left the window (their allowance is full again). */
    public void sweep(long nowMillis) {
        rings.values().removeIf(r -> nowMillis - r.newest() >= windowMillis);
    }

    /** Times of a user's last messages; guarded by the map's per-key lock. */
    private static final class Ring {
        final long[] times;
        int head;

        Ring(int size) {
            times = new long[size];
            Arrays.fill(times, Long.MIN_VALUE / 2);
        }

        long newest() {
            return times[(head + times.length - 1) % times.length];
        }
    }
}
