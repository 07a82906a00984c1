package dev.community.server.send;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user sliding-window limit: at most {@code limit} messages in any {@code window}. Up to
 * {@link #EXACT_UP_TO} messages per window, each user keeps the times of their last {@code limit} messages in a
 * ring, so the answer is exact and the retry time is known: when the oldest of them leaves the window. Larger
 * limits (load tests, trusted integrations) would make that ring big for every sender, so they use an O(1)
 * estimate instead: the previous window's count weighted by how much of it still overlaps, plus the current one.
 */
public final class RateLimiter {
    private final int limit;
    private final long windowMillis;
    /** Largest limit kept exactly (a ring of this many longs per sending user, 2 KiB). */
    static final int EXACT_UP_TO = 256;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private final Map<String, Windows> estimates = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
    }

    /** Takes one message from {@code key}'s allowance: 0 if allowed, else milliseconds until one is free. */
    public long tryAcquire(String key, long nowMillis) {
        if (limit > EXACT_UP_TO) {
            return estimate(key, nowMillis);
        }
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

    private long estimate(String key, long nowMillis) {
        long[] wait = {0};
        estimates.compute(key, (k, w) -> {
            Windows windows = w == null ? new Windows() : w;
            windows.roll(nowMillis, windowMillis);
            double overlap = 1.0 - (double) (nowMillis - windows.currentStart) / windowMillis;
            double used = windows.previous * overlap + windows.current;
            if (used + 1 > limit) {
                // when enough of the previous window will have slid out for one more message
                double excess = used + 1 - limit;
                wait[0] = windows.previous == 0 ? windows.currentStart + windowMillis - nowMillis
                        : Math.max(1, (long) Math.ceil(excess / windows.previous * windowMillis));
            } else {
                windows.current++;
            }
            return windows;
        });
        return wait[0];
    }

    /** Forgets users whose newest message left the window (their allowance is full again). */
    public void sweep(long nowMillis) {
        rings.values().removeIf(r -> nowMillis - r.newest() >= windowMillis);
        estimates.values().removeIf(w -> nowMillis - w.currentStart >= 2 * windowMillis);
    }

    /** Counts of the current and the previous fixed window; guarded by the map's per-key lock. */
    private static final class Windows {
        long currentStart = Long.MIN_VALUE;
        long current;
        long previous;

        void roll(long now, long window) {
            long start = now - Math.floorMod(now, window);
            if (start == currentStart) {
                return;
            }
            previous = start - currentStart == window ? current : 0;
            current = 0;
            currentStart = start;
        }
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
