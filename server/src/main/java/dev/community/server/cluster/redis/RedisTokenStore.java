package dev.community.server.cluster.redis;

import dev.community.server.cluster.TokenStore;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Tokens as Redis strings: putting is {@code SET key value EX ttl}, taking is {@code GETDEL} (atomic, so two nodes
 * can never both take one).
 */
final class RedisTokenStore implements TokenStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    RedisTokenStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletableFuture<Void> put(String token, String value, Duration ttl) {
        return redis.set(keys.connectionToken(token), value, SetArgs.Builder.ex(ttl.toSeconds()))
                .toCompletableFuture().thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<String> take(String token) {
        return redis.getdel(keys.connectionToken(token)).toCompletableFuture();
    }
}
