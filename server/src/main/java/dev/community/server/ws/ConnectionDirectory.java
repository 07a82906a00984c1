package dev.community.server.ws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who is connected to this node: per user, the number of open (or opening) WebSockets, for the per-user
 * connection cap; their live sessions, for control actions that target a user (ban, block, disconnect); and
 * their connections still being admitted ({@link Admission}), so a change that lands during an admission is not
 * lost. A user's sessions and admissions change under one lock, so a change visits each exactly once: as an
 * admission it is recorded, as a session it is applied.
 */
public final class ConnectionDirectory {
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
    private final Map<String, UserConnections> users = new ConcurrentHashMap<>();

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

    /** Starts an admission; call before reading the membership, end it with {@link #register} or {@link #abandon}. */
    public Admission admitting(String userId, UUID roomId) {
        Admission admission = new Admission(userId, roomId);
        users.compute(userId, (id, user) -> {
            UserConnections connections = user == null ? new UserConnections() : user;
            connections.admissions.add(admission);
            return connections;
        });
        return admission;
    }

    /** The admission ended without a session (refused, failed, or the client left). */
    public void abandon(Admission admission) {
        users.computeIfPresent(admission.userId(), (id, user) -> {
            user.admissions.remove(admission);
            return user.isEmpty() ? null : user;
        });
    }

    /**
     * Registers the admitted session in the admission's place.
     *
     * @return what changed for this user and room while the connection was being admitted; the caller (on the
     *         session's loop) applies it before anything a later change schedules there
     */
    public Admission.Change register(RoomSession session, Admission admission) {
        Admission.Change[] outcome = {new Admission.Unchanged()};
        users.compute(session.userId(), (id, user) -> {
            UserConnections connections = user == null ? new UserConnections() : user;
            if (admission != null && connections.admissions.remove(admission)) {
                outcome[0] = admission.outcome();
            }
            connections.sessions.add(session);
            return connections;
        });
        return outcome[0];
    }

    public void register(RoomSession session) {
        register(session, null);
    }

    public void unregister(RoomSession session) {
        users.computeIfPresent(session.userId(), (id, user) -> {
            user.sessions.remove(session);
            return user.isEmpty() ? null : user;
        });
    }

    /**
     * A membership change of {@code userId} in {@code roomId}: recorded in their admissions to that room, and
     * each of their current sessions (all rooms) handed to {@code sessions} — under the user's lock, so a
     * connection is either an admission that records it or a session that is visited, never neither.
     */
    public void membershipChanged(String userId, UUID roomId, dev.community.storage.Membership updated,
                                  Consumer<RoomSession> sessions) {
        List<RoomSession> visit = new ArrayList<>();
        users.computeIfPresent(userId, (id, user) -> {
            for (Admission admission : user.admissions) {
                if (admission.roomId().equals(roomId)) {
                    admission.record(updated);
                }
            }
            for (StreamAdmission admission : user.streamAdmissions) {
                admission.record(roomId, updated);
            }
            visit.addAll(user.sessions);
            return user;
        });
        visit.forEach(sessions);
    }

    /** Runs {@code action} on the event loop of each of the user's sessions on this node. */
    public void forEachSessionOf(String userId, Consumer<RoomSession> action) {
        for (RoomSession session : snapshot(userId)) {
            session.channel().eventLoop().execute(() -> action.accept(session));
        }
    }

    /** Visits the user's sessions from the calling thread (counting, not touching: they belong to their loops). */
    public void sessionsOf(String userId, Consumer<RoomSession> visitor) {
        snapshot(userId).forEach(visitor);
    }

    /** Visits every session from the calling thread (to collect them; act on them on their own loops). */
    public void forEachSessionNow(Consumer<RoomSession> visitor) {
        for (String userId : users.keySet()) {
            snapshot(userId).forEach(visitor);
        }
    }

    /** Every session on this node (for draining and shutdown). */
    public void forEachSession(Consumer<RoomSession> action) {
        forEachSessionNow(session -> session.channel().eventLoop().execute(() -> action.accept(session)));
    }

    private List<RoomSession> snapshot(String userId) {
        List<RoomSession> copy = new ArrayList<>();
        users.computeIfPresent(userId, (id, user) -> {
            copy.addAll(user.sessions);
            return user;
        });
        return copy;
    }

    /** Starts a user stream's admission; call before reading the user's rooms, end it with registerStream or abandon. */
    StreamAdmission admittingStream(String userId) {
        StreamAdmission admission = new StreamAdmission(userId);
        users.compute(userId, (id, user) -> {
            UserConnections connections = user == null ? new UserConnections() : user;
            connections.streamAdmissions.add(admission);
            return connections;
        });
        return admission;
    }

    /** The stream's admission ended without a stream (refused, failed, or the client left). */
    void abandon(StreamAdmission admission) {
        users.computeIfPresent(admission.userId(), (id, user) -> {
            user.streamAdmissions.remove(admission);
            return user.isEmpty() ? null : user;
        });
    }

    /**
     * Registers a user stream in its admission's place: from now on it hears of the user's changes (membership,
     * blocks, read markers).
     *
     * @return the membership changes that landed while it was being admitted, in order (the caller applies them on
     *         the stream's loop before anything a later change schedules there)
     */
    List<StreamAdmission.Change> registerStream(UserStream stream, StreamAdmission admission) {
        List<StreamAdmission.Change> changes = new ArrayList<>();
        users.compute(stream.userId(), (id, user) -> {
            UserConnections connections = user == null ? new UserConnections() : user;
            if (admission != null && connections.streamAdmissions.remove(admission)) {
                changes.addAll(admission.changes());
            }
            connections.streams.add(stream);
            return connections;
        });
        return changes;
    }

    void unregisterStream(UserStream stream) {
        users.computeIfPresent(stream.userId(), (id, user) -> {
            user.streams.remove(stream);
            return user.isEmpty() ? null : user;
        });
    }

    /** Visits the user's streams from the calling thread (act on them on their own loops). */
    void streamsOf(String userId, Consumer<UserStream> visitor) {
        List<UserStream> copy = new ArrayList<>();
        users.computeIfPresent(userId, (id, user) -> {
            copy.addAll(user.streams);
            return user;
        });
        copy.forEach(visitor);
    }

    /**
     * Every client socket on this node once (room sockets and user streams; a stream's subscriptions share its
     * channel), for draining, shutdown and disconnects.
     */
    public Set<io.netty.channel.Channel> channelsNow() {
        Set<io.netty.channel.Channel> channels = new java.util.LinkedHashSet<>();
        for (String userId : users.keySet()) {
            channels.addAll(channelsOf(userId));
        }
        return channels;
    }

    /** The user's client sockets on this node, each once. */
    public Set<io.netty.channel.Channel> channelsOf(String userId) {
        Set<io.netty.channel.Channel> channels = new java.util.LinkedHashSet<>();
        users.computeIfPresent(userId, (id, user) -> {
            user.sessions.forEach(session -> channels.add(session.channel()));
            user.streams.forEach(stream -> channels.add(stream.channel()));
            return user;
        });
        return channels;
    }

    /** One user's sessions, streams and admissions on this node; changed only inside the map's compute for that user. */
    private static final class UserConnections {
        final Set<RoomSession> sessions = new HashSet<>();
        final Set<UserStream> streams = new HashSet<>(2);
        final List<Admission> admissions = new ArrayList<>(1);
        final List<StreamAdmission> streamAdmissions = new ArrayList<>(0);

        boolean isEmpty() {
            return sessions.isEmpty() && admissions.isEmpty() && streams.isEmpty() && streamAdmissions.isEmpty();
        }
    }
}
