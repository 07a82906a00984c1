package dev.community.server.cluster;

import dev.community.server.send.LocalSendThrottle;
import dev.community.server.actions.Refusal;
import dev.community.server.send.SendThrottle;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limit and slow mode shared by every node: one Lua script per send keeps the user's message times in a
 * sorted set ({@code rate_limit:community:{user_id}}, a sliding window exact to the millisecond, as on a single
 * node) and the room's slow-mode marker next to it. While Redis does not answer, this node's in-memory limits
 * decide (counted as a fallback): a user then gets the allowance once per node rather than none at all.
 */
final class RedisSendThrottle implements SendThrottle {
    private final RedisLink redis;
    private final RedisKeys keys;
    private final LocalSendThrottle fallback;
    private final String limit;
    private final String windowMillis;
    private final String memberPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final ClusterMetrics metrics;

    RedisSendThrottle(RedisLink redis, RedisKeys keys, LocalSendThrottle fallback, int limit, Duration window,
                      String nodeId, ClusterMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.fallback = fallback;
        this.limit = Integer.toString(limit);
        this.windowMillis = Long.toString(window.toMillis());
        this.memberPrefix = nodeId + ":";
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Refusal> admit(String userId, UUID roomId, int slowModeSeconds, long nowMillis) {
        String[] scriptKeys = {keys.rateLimit(userId), keys.slowMode(userId, roomId)};
        CompletableFuture<List<Object>> verdict = RedisScripts.THROTTLE.run(redis.state(), scriptKeys, limit, windowMillis,
                Long.toString(slowModeSeconds * 1000L), memberPrefix + sequence.incrementAndGet());
        return verdict.handle((answer, failure) -> {
            if (failure != null) {
                metrics.fallback("throttle");
                return fallback.check(userId, roomId, slowModeSeconds, nowMillis);
            }
            long code = (Long) answer.get(0);
            long wait = (Long) answer.get(1);
            if (code == 1) {
                return LocalSendThrottle.rateLimited(wait);
            }
            return code == 2 ? LocalSendThrottle.slowMode(wait) : null;
        });
    }
}
