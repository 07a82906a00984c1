package dev.community.server.cluster.redis;

import java.util.UUID;

/**
 * Every Redis key of the cluster's shared state, in one place (the channels' names are the cluster's own,
 * {@code cluster/Channels}). The part in braces is a Redis Cluster hash tag: a room's presence key shares a slot
 * with the room's channel, and a user's rate-limit and slow-mode keys share one, so the Lua script that checks
 * both runs on one shard.
 */
public final class RedisKeys {
    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** {@code community:presence:{room_id}}: a hash of user id → {username, timestamp, nodes}. */
    public String presence(UUID roomId) {
        return prefix + "presence:{" + roomId + "}";
    }

    /** {@code rate_limit:community:{user_id}}: a sorted set of the user's message times in the window. */
    public String rateLimit(String userId) {
        return "rate_limit:" + prefix + "{" + userId + "}";
    }

    /** The user's last post in a slow-mode room, expiring after the room's interval. */
    public String slowMode(String userId, UUID roomId) {
        return "slow_mode:" + prefix + "{" + userId + "}:" + roomId;
    }

    public String connectionToken(String token) {
        return prefix + "ws_token:" + token;
    }
}
