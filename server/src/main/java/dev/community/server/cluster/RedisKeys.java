package dev.community.server.cluster;

import java.util.UUID;

/**
 * Every Redis key and channel name of the cluster, in one place. The part in braces is a Redis Cluster hash tag:
 * a room's presence key and channel share a slot, and a user's rate-limit and slow-mode keys share one, so the
 * Lua script that checks both runs on one shard.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** Where a room's events travel between the nodes that have members in it. */
    String roomChannel(UUID roomId) {
        return prefix + "room:{" + roomId + "}";
    }

    /** Session control (bans, mutes, blocks) and resync requests: every node listens. */
    String controlChannel() {
        return prefix + "control";
    }

    /** {@code community:presence:{room_id}}: a hash of user id → {username, timestamp, nodes}. */
    String presence(UUID roomId) {
        return prefix + "presence:{" + roomId + "}";
    }

    /** {@code rate_limit:community:{user_id}}: a sorted set of the user's message times in the window. */
    String rateLimit(String userId) {
        return "rate_limit:" + prefix + "{" + userId + "}";
    }

    /** The user's last post in a slow-mode room, expiring after the room's interval. */
    String slowMode(String userId, UUID roomId) {
        return "slow_mode:" + prefix + "{" + userId + "}:" + roomId;
    }

    String connectionToken(String token) {
        return prefix + "ws_token:" + token;
    }
}
