package dev.community.server.cluster.redis;

import dev.community.server.cluster.ThrottleStore;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The rate limit and slow mode in one Lua script per send ({@link RedisScripts#THROTTLE}): the user's message times
 * in a sorted set ({@code rate_limit:community:{user_id}}, a sliding window exact to the millisecond, as on a single
 * node) and the room's slow-mode marker next to it, on the same shard.
 */
final class RedisThrottleStore implements ThrottleStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    RedisThrottleStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletableFuture<Verdict> take(String userId, UUID roomId, int limit, Duration window, Duration slowMode,
                                           String member) {
        String[] scriptKeys = {keys.rateLimit(userId), keys.slowMode(userId, roomId)};
        CompletableFuture<List<Object>> answer = RedisScripts.THROTTLE.run(redis, scriptKeys,
                Integer.toString(limit), Long.toString(window.toMillis()), Long.toString(slowMode.toMillis()), member);
        return answer.thenApply(RedisThrottleStore::verdict);
    }

    /** The script's {code, wait ms}: 0 go on, 1 rate limited, 2 slow mode. */
    private static Verdict verdict(List<Object> answer) {
        long code = (Long) answer.get(0);
        long wait = (Long) answer.get(1);
        if (code == 1) {
            return new Verdict(Outcome.RATE_LIMITED, wait);
        }
        return code == 2 ? new Verdict(Outcome.SLOW_MODE, wait) : Verdict.PASS;
    }
}
