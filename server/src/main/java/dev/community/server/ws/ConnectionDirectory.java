package dev.community.server.ws;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who is connected to this node: per user, the number of open (or opening) WebSockets, for the per-user
 * connection cap, and their live sessions, for control actions that target a user (ban, block, disconnect).
 */
public final class ConnectionDirectory {
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
    private final Map<String, Set<RoomSession>> sessions = new ConcurrentHashMap<>();

    /** Takes one of the user's connection slots; false when the user already holds {@code max}. */
    public boolean tryReserve(String userId, int max) {
        boolean[] ok = {false};
        reserved.compute(userId, (id, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return current;
            }
            ok[0] = true;
            return current + 1;
        });
        return ok[0];
    }

    /** Gives a slot back (the connection closed, or its upgrade failed after the reservation). */
    public void unreserve(String userId) {
        reserved.computeIfPresent(userId, (id, count) -> count <= 1 ? null : count - 1);
    }

    public int connectionsOf(String userId) {
        return reserved.getOrDefault(userId, 0);
    }

    public void register(RoomSession session) {
        sessions.computeIfAbsent(session.userId(), id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void unregister(RoomSession session) {
        sessions.computeIfPresent(session.userId(), (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Runs {@code action} on the event loop of each of the user's sessions on this node. */
    public void forEachSessionOf(String userId, Consumer<RoomSession> action) {
        Set<RoomSession> set = sessions.get(userId);
        if (set == null) {
            return;
        }
        for (RoomSession session : set) {
            session.channel().eventLoop().execute(() -> action.accept(session));
        }
    }

    /** Visits the user's sessions from the calling thread (counting, not touching: they belong to their loops). */
    public void sessionsOf(String userId, Consumer<RoomSession> visitor) {
        Set<RoomSession> set = sessions.get(userId);
        if (set != null) {
            set.forEach(visitor);
        }
    }

    /** Visits every session from the calling thread (to collect them; act on them on their own loops). */
    public void forEachSessionNow(Consumer<RoomSession> visitor) {
        for (Set<RoomSession> set : sessions.values()) {
            set.forEach(visitor);
        }
    }

    /** Every session on this node (for draining and shutdown). */
    public void forEachSession(Consumer<RoomSession> action) {
        for (Set<RoomSession> set : sessions.values()) {
            for (RoomSession session : set) {
                session.channel().eventLoop().execute(() -> action.accept(session));
            }
        }
    }
}
