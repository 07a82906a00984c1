package dev.community.server.cluster;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The send rate limit and slow mode kept for every node at once ({@link ClusterSendThrottle} falls back to this
 * node's memory when the store does not answer). One call per send checks both, atomically in the store and with
 * the store's clock. The Redis implementation is {@code cluster/redis/RedisThrottleStore}.
 */
public interface ThrottleStore {

    /**
     * Records one send of {@code userId} in {@code roomId} if the user's rate ({@code limit} per {@code window},
     * a sliding window) allows it, then checks the room's slow mode ({@code slowMode} zero = off).
     *
     * @param member unique per send (the store keeps each send's time under it)
     */
    CompletableFuture<Verdict> take(String userId, UUID roomId, int limit, Duration window, Duration slowMode,
                                    String member);

    /** The answer to one send; {@code waitMillis} is how long until it would pass (0 when it passes). */
    record Verdict(Outcome outcome, long waitMillis) {
        public static final Verdict PASS = new Verdict(Outcome.PASS, 0);
    }

    enum Outcome {
        PASS,
        /** Over the rate limit: nothing was recorded. */
        RATE_LIMITED,
        /** Within the rate limit (the allowance stays taken, as on a single node) but in slow mode. */
        SLOW_MODE
    }
}
