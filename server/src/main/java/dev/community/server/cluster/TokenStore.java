package dev.community.server.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Single-use connection tokens kept for every node ({@link ClusterConnectionTokens} decides what to store and what
 * to do when the store does not answer). Taking is atomic: two nodes can never both take the same token. The Redis
 * implementation is {@code cluster/redis/RedisTokenStore}.
 */
public interface TokenStore {

    /** Stores {@code value} under {@code token} for {@code ttl}. */
    CompletableFuture<Void> put(String token, String value, Duration ttl);

    /** Removes and returns the token's value; completes with null when there is none (unknown, used, expired). */
    CompletableFuture<String> take(String token);
}
