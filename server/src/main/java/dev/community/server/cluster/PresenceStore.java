package dev.community.server.cluster;

import dev.community.protocol.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Who is present in a room on which nodes, shared by every node ({@link ClusterPresence} decides what to tell
 * clients from its answers). Each node states its own users; a node's entries that are not restated within
 * {@code ttl} are stale (that node died) and count for nobody. Each call is atomic in the store, and the store
 * keeps the time itself, so nodes with skewed clocks agree. The Redis implementation is
 * {@code cluster/redis/RedisPresenceStore}.
 */
public interface PresenceStore {

    /**
     * The user's first connection to the room on {@code nodeId}. Completes true when no other node has the user
     * live (so the cluster emits user_joined), false otherwise; fails when the store does not answer.
     */
    CompletableFuture<Boolean> enter(UUID roomId, User user, String nodeId, Duration ttl);

    /**
     * The user's last connection to the room on {@code nodeId} closed. Completes true when no other node has the
     * user live any more (the cluster emits user_left), false otherwise.
     */
    CompletableFuture<Boolean> leave(UUID roomId, String userId, String nodeId, Duration ttl);

    /**
     * {@code nodeId} states exactly which users it has in the room: it is added to those, removed from the others,
     * and stale entries are pruned.
     */
    CompletableFuture<Refreshed> refresh(UUID roomId, List<User> mine, String nodeId, Duration ttl);

    /**
     * What a refresh found.
     *
     * @param gone      users no node had live any more (their presence expired: the caller emits user_left)
     * @param elsewhere users live on a node other than the caller's, with those nodes
     */
    record Refreshed(List<User> gone, Map<User, Set<String>> elsewhere) {
    }
}
