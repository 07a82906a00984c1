package dev.community.server.cluster.redis;

import dev.community.protocol.User;
import dev.community.server.cluster.PresenceStore;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Presence in {@code community:presence:{room_id}}, one Lua script per call ({@link RedisScripts}: the layout of
 * the hash, and what each script answers).
 */
final class RedisPresenceStore implements PresenceStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    RedisPresenceStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletableFuture<Boolean> enter(UUID roomId, User user, String nodeId, Duration ttl) {
        CompletableFuture<Long> first = RedisScripts.PRESENCE_ENTER.run(redis, new String[] {keys.presence(roomId)},
                user.id(), user.username(), nodeId, Long.toString(ttl.toMillis()));
        return first.thenApply(result -> result == 1);
    }

    @Override
    public CompletableFuture<Boolean> leave(UUID roomId, String userId, String nodeId, Duration ttl) {
        CompletableFuture<Long> last = RedisScripts.PRESENCE_LEAVE.run(redis, new String[] {keys.presence(roomId)},
                userId, nodeId, Long.toString(ttl.toMillis()));
        return last.thenApply(result -> result == 1);
    }

    @Override
    public CompletableFuture<Refreshed> refresh(UUID roomId, List<User> mine, String nodeId, Duration ttl) {
        String[] args = new String[2 + 2 * mine.size()];
        args[0] = nodeId;
        args[1] = Long.toString(ttl.toMillis());
        for (int i = 0; i < mine.size(); i++) {
            args[2 + 2 * i] = mine.get(i).id();
            args[3 + 2 * i] = mine.get(i).username();
        }
        CompletableFuture<List<Object>> result =
                RedisScripts.PRESENCE_REFRESH.run(redis, new String[] {keys.presence(roomId)}, args);
        return result.thenApply(RedisPresenceStore::refreshed);
    }

    /** The script's {gone, present}: id, username pairs, then id, username, comma-separated nodes triples. */
    @SuppressWarnings("unchecked")
    private static Refreshed refreshed(List<Object> lists) {
        List<Object> gone = (List<Object>) lists.get(0);
        List<Object> present = (List<Object>) lists.get(1);
        Map<User, Set<String>> elsewhere = new LinkedHashMap<>();
        for (int i = 0; i + 2 < present.size(); i += 3) {
            User user = new User((String) present.get(i), (String) present.get(i + 1));
            elsewhere.put(user, new HashSet<>(List.of(((String) present.get(i + 2)).split(","))));
        }
        List<User> goneUsers = new java.util.ArrayList<>(gone.size() / 2);
        for (int i = 0; i + 1 < gone.size(); i += 2) {
            goneUsers.add(new User((String) gone.get(i), (String) gone.get(i + 1)));
        }
        return new Refreshed(goneUsers, elsewhere);
    }
}
