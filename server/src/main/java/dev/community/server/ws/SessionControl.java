package dev.community.server.ws;

import dev.community.protocol.CloseCodes;
import dev.community.protocol.ServerEvent;
import dev.community.server.admission.AdmissionStore;
import dev.community.server.room.RoomRegistry;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Applies changes made elsewhere (REST moderation, blocking, the admin API) to this node's live sessions, each
 * on its own event loop: a new role or mute takes effect on the next frame, a ban closes with 4003 at once. In a
 * cluster the {@link ControlRelay} carries each change to the other nodes, so it applies everywhere at once.
 * The futures complete once this node's sessions have taken the change, so a REST caller that waits for them
 * knows its user's next frame here is judged by the new state. Every change, this node's or another's, also
 * reaches what admission holds in memory ({@link AdmissionStore}) first, so the next connect is judged by it too.
 */
public final class SessionControl {
    private final ConnectionDirectory connections;
    private final Closer closer;
    private final Clock clock;
    private final RoomRegistry rooms;
    private final AdmissionStore admission;
    private volatile ControlRelay relay = ControlRelay.NONE;

    public SessionControl(ConnectionDirectory connections, Closer closer, Clock clock, RoomRegistry rooms,
                          AdmissionStore admission) {
        this.connections = connections;
        this.closer = closer;
        this.clock = clock;
        this.rooms = rooms;
        this.admission = admission;
    }

    /** Where changes go to reach the sessions on other nodes; set once while wiring a cluster node. */
    public void relay(ControlRelay controlRelay) {
        this.relay = controlRelay;
    }

    /**
     * The user's membership of a room changed (role, mute, ban, or removal when {@code updated} is null): applied
     * to this node's sessions and, in a cluster, to every other node's.
     */
    public CompletableFuture<Void> membershipChanged(UUID roomId, String userId, Membership updated) {
        CompletableFuture<Void> applied = applyMembershipChange(roomId, userId, updated);
        relay.membershipChanged(roomId, userId, updated);
        return applied;
    }

    /**
     * Applies a membership change to this node's sessions only (what another node's change arrives as); a
     * connection of the user still being admitted to the room records it and applies it as its session starts.
     */
    public CompletableFuture<Void> applyMembershipChange(UUID roomId, String userId, Membership updated) {
        admission.rooms().membershipChanged(roomId, userId, updated);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        connections.membershipChanged(userId, roomId, updated,
                session -> done.add(onLoopOf(session, s -> applyMembership(s, roomId, updated))));
        connections.streamsOf(userId, stream -> done.add(onLoopOf(stream.channel(),
                () -> stream.membershipChanged(roomId, updated))));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /**
     * Applies what changed while a new session was being admitted (see {@link Admission}); runs on the session's
     * loop as it starts, before any later change.
     *
     * @return false when the change closed the session (banned or removed meanwhile)
     */
    public boolean applyAdmissionChange(RoomSession session, Admission.Change change) {
        if (change instanceof Admission.Updated updated) {
            return applyMembership(session, session.room().id(), updated.membership());
        }
        return true;
    }

    /** On the session's loop: a new role or mute takes effect on its next frame; a ban or removal closes it 4003. */
    private boolean applyMembership(RoomSession session, UUID roomId, Membership updated) {
        if (!session.room().id().equals(roomId)) {
            return true;
        }
        if (updated == null) {
            evict(session, false);
            return false;
        }
        session.membership(updated);
        if (updated.isBanned(clock.instant())) {
            evict(session, true);
            return false;
        }
        return true;
    }

    /** A room socket closes with 4003; a subscription of the user stream ends (the stream stays open). */
    private void evict(RoomSession session, boolean banned) {
        if (session.eviction() != null) {
            session.eviction().evicted(session, banned ? ServerEvent.RoomRemoved.BANNED : ServerEvent.RoomRemoved.LEFT);
            return;
        }
        closer.close(session.channel(), CloseCodes.BANNED, banned ? CloseCodes.BANNED_REASON : CloseCodes.REMOVED_REASON);
    }

    /**
     * The room's settings changed (slow mode, trust gates, name...): every session in it, on this node and (through
     * the relay) on every other, checks its next frames against the new ones. The future completes once this node's
     * sessions have taken them.
     */
    public CompletableFuture<Void> roomChanged(RoomRecord updated) {
        CompletableFuture<Void> applied = applyRoomChange(updated);
        relay.roomChanged(updated);
        return applied;
    }

    /** Applies a room's new settings to this node's sessions only (what another node's change arrives as). */
    public CompletableFuture<Void> applyRoomChange(RoomRecord updated) {
        admission.rooms().roomChanged(updated);
        return rooms.find(updated.id()).map(live -> live.forEachMember(member -> {
            if (member instanceof RoomSession session) {
                session.room(updated);
            } else if (member instanceof RoomWatch watch) {
                watch.stream().roomChanged(updated);
            }
        })).orElse(CompletableFuture.completedFuture(null));
    }

    /** {@code blocker} started or stopped blocking {@code blocked}: their sessions on every node filter accordingly. */
    public CompletableFuture<Void> blockChanged(String blocker, String blocked, boolean blocking) {
        CompletableFuture<Void> applied = applyBlockChange(blocker, blocked, blocking);
        relay.blockChanged(blocker, blocked, blocking);
        return applied;
    }

    /** Applies a block change to this node's sessions only. */
    public CompletableFuture<Void> applyBlockChange(String blocker, String blocked, boolean blocking) {
        admission.blocks().changed(blocker, blocked, blocking);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        done.add(onEachSessionOf(blocker, session -> {
            if (blocking) {
                session.blocked().add(blocked);
            } else {
                session.blocked().remove(blocked);
            }
        }));
        connections.streamsOf(blocker, stream -> done.add(onLoopOf(stream.channel(),
                () -> stream.blockChanged(blocked, blocking))));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /**
     * The user's read marker in a room moved to {@code lastReadSeq} ({@code event} is the encoded read_updated):
     * their other connections to the room, on this node and on every other, are told. {@code except} (the
     * connection that marked) is not.
     */
    public void readUpdated(String userId, UUID roomId, long lastReadSeq, byte[] event, RoomSession except) {
        applyReadUpdate(userId, roomId, lastReadSeq, event, except);
        relay.readUpdated(userId, roomId, event);
    }

    /**
     * Writes a read_updated to the user's connections to the room on this node, except {@code except} (may be
     * null); the marker held for admission moves to {@code lastReadSeq} (never back).
     */
    public void applyReadUpdate(String userId, UUID roomId, long lastReadSeq, byte[] event, RoomSession except) {
        admission.rooms().readMarkerMoved(roomId, userId, lastReadSeq);
        connections.forEachSessionOf(userId, session -> {
            // a stream's subscription hears of it through its stream, once (below)
            if (session != except && session.eviction() == null && session.room().id().equals(roomId)
                    && session.channel().isActive()) {
                session.channel().writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(event)));
            }
        });
        connections.streamsOf(userId, stream -> onLoopOf(stream.channel(), () -> stream.readUpdated(roomId, event, except)));
    }

    /**
     * Changes from other nodes may have been missed (this node's connection to them was cut off and is back): what
     * admission holds is forgotten and read afresh as connections need it.
     */
    public void forgetHeld() {
        admission.rooms().forgetAll();
        admission.blocks().forgetAll();
    }

    /** Closes every connection of the user on this node with {@code code}; returns how many there were. */
    public int disconnect(String userId, int code, String reason) {
        // Count before closing: a closed session leaves the directory, possibly before we would count it.
        var channels = connections.channelsOf(userId);
        for (var channel : channels) {
            channel.eventLoop().execute(() -> closer.close(channel, code, reason));
        }
        return channels.size();
    }

    /** Runs {@code action} on the loop of each of the user's sessions; completes when all have run it. */
    private CompletableFuture<Void> onEachSessionOf(String userId, Consumer<RoomSession> action) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        connections.sessionsOf(userId, session -> done.add(onLoopOf(session, action)));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Runs {@code action} on the session's loop; the future completes once it has run (at once if the loop is gone). */
    private static CompletableFuture<Void> onLoopOf(RoomSession session, Consumer<RoomSession> action) {
        return onLoopOf(session.channel(), () -> action.accept(session));
    }

    /** Runs {@code action} on the channel's loop; the future completes once it has run (at once if the loop is gone). */
    private static CompletableFuture<Void> onLoopOf(io.netty.channel.Channel channel, Runnable action) {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> {
                try {
                    action.run();
                } finally {
                    ran.complete(null);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            ran.complete(null);
        }
        return ran;
    }
}
