package dev.community.server.send;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Per-room slow mode: one message per {@code slow_mode_seconds} per user (roles below trusted). */
public final class SlowMode {
    private final Map<Key, Long> lastPost = new ConcurrentHashMap<>();
    private volatile long longestIntervalMillis;

    /** 0 if the user may post now (and records it), else milliseconds until they may. */
    public long tryPost(UUID roomId, String userId, int intervalSeconds, long nowMillis) {
        if (intervalSeconds <= 0) {
            return 0;
        }
        long interval = intervalSeconds * 1000L;
        longestIntervalMillis = Math.max(longestIntervalMillis, interval);
        long[] wait = {0};
        lastPost.compute(new Key(roomId, userId), (k, last) -> {
            if (last != null && nowMillis - last < interval) {
                wait[0] = last + interval - nowMillis;
                return last;
            }
            return nowMillis;
        });
        return wait[0];
    }

    /** Forgets posts older than any room's interval. */
    public void sweep(long nowMillis) {
        long horizon = longestIntervalMillis;
        lastPost.values().removeIf(t -> nowMillis - t >= horizon);
    }

    private record Key(UUID roomId, String userId) {
    }
}
