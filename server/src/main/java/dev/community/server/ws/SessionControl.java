package dev.community.server.ws;

import dev.community.protocol.CloseCodes;
import dev.community.server.room.RoomRegistry;
import dev.community.storage.MembershipRecord;
import dev.community.storage.RoomRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies changes made elsewhere (REST moderation, blocking, the admin API) to this node's live sessions, each
 * on its own event loop: a new role or mute takes effect on the next frame, a ban closes with 4003 at once.
 */
public final class SessionControl {
    private final ConnectionDirectory connections;
    private final Closer closer;
    private final Clock clock;
    private final RoomRegistry rooms;

    public SessionControl(ConnectionDirectory connections, Closer closer, Clock clock, RoomRegistry rooms) {
        this.connections = connections;
        this.closer = closer;
        this.clock = clock;
        this.rooms = rooms;
    }

    /**
     * The user's membership of a room changed (role, mute, ban, or removal when {@code updated} is null). The
     * future completes once every session of the user on this node has taken the change, so a caller that waits
     * for it knows that their next frame is judged by the new membership.
     */
    public CompletableFuture<Void> membershipChanged(UUID roomId, String userId, MembershipRecord updated) {
        return onEachSessionOf(userId, session -> {
            if (!session.room().id().equals(roomId)) {
                return;
            }
            if (updated == null) {
                closer.close(session.channel(), CloseCodes.BANNED, "removed from the room");
            } else if (updated.isBanned(clock.instant())) {
                session.membership(updated);
                closer.close(session.channel(), CloseCodes.BANNED, "banned");
            } else {
                session.membership(updated);
            }
        });
    }

    /**
     * The room's settings changed (slow mode, trust gates, name...): every session in it on this node checks its
     * next frames against the new ones, once the future has completed.
     */
    public CompletableFuture<Void> roomChanged(RoomRecord updated) {
        return rooms.find(updated.id()).map(live -> live.forEachMember(member -> {
            if (member instanceof RoomSession session) {
                session.room(updated);
            }
        })).orElse(CompletableFuture.completedFuture(null));
    }

    /** {@code blocker} started or stopped blocking {@code blocked}: their sessions filter accordingly. */
    public CompletableFuture<Void> blockChanged(String blocker, String blocked, boolean blocking) {
        return onEachSessionOf(blocker, session -> {
            if (blocking) {
                session.blocked().add(blocked);
            } else {
                session.blocked().remove(blocked);
            }
        });
    }

    /** Runs {@code action} on the loop of each of the user's sessions; completes when all have run it. */
    private CompletableFuture<Void> onEachSessionOf(String userId, Consumer<RoomSession> action) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        connections.sessionsOf(userId, session -> {
            CompletableFuture<Void> ran = new CompletableFuture<>();
            done.add(ran);
            try {
                session.channel().eventLoop().execute(() -> {
                    try {
                        action.accept(session);
                    } finally {
                        ran.complete(null);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                ran.complete(null);
            }
        });
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Closes every connection of the user on this node with {@code code}; returns how many there were. */
    public int disconnect(String userId, int code, String reason) {
        // Count before closing: a closed session leaves the directory, possibly before we would count it.
        AtomicInteger count = new AtomicInteger();
        connections.sessionsOf(userId, session -> count.incrementAndGet());
        connections.forEachSessionOf(userId, session -> closer.close(session.channel(), code, reason));
        return count.get();
    }
}
