package dev.community.server.cluster;

import dev.community.server.send.LocalSendThrottle;
import dev.community.server.actions.Refusal;
import dev.community.server.send.SendThrottle;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limit and slow mode shared by every node, kept in the cluster's {@link ThrottleStore} (one atomic call
 * per send, a sliding window exact to the millisecond, as on a single node). While the store does not answer, this
 * node's in-memory limits decide (counted as a fallback): a user then gets the allowance once per node rather than
 * none at all.
 */
final class ClusterSendThrottle implements SendThrottle {
    private final ThrottleStore store;
    private final LocalSendThrottle fallback;
    private final int limit;
    private final Duration window;
    private final String memberPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final ClusterMetrics metrics;

    ClusterSendThrottle(ThrottleStore store, LocalSendThrottle fallback, int limit, Duration window, String nodeId,
                        ClusterMetrics metrics) {
        this.store = store;
        this.fallback = fallback;
        this.limit = limit;
        this.window = window;
        this.memberPrefix = nodeId + ":";
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Refusal> admit(String userId, UUID roomId, int slowModeSeconds, long nowMillis) {
        CompletableFuture<ThrottleStore.Verdict> verdict = store.take(userId, roomId, limit, window,
                Duration.ofSeconds(slowModeSeconds), memberPrefix + sequence.incrementAndGet());
        return verdict.handle((answer, failure) -> {
            if (failure != null) {
                metrics.fallback("throttle");
                return fallback.check(userId, roomId, slowModeSeconds, nowMillis);
            }
            return switch (answer.outcome()) {
                case RATE_LIMITED -> LocalSendThrottle.rateLimited(answer.waitMillis());
                case SLOW_MODE -> LocalSendThrottle.slowMode(answer.waitMillis());
                case PASS -> null;
            };
        });
    }
}
