package dev.community.server.ws;

import dev.community.protocol.CloseCodes;
import dev.community.storage.MembershipRecord;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies changes made elsewhere (REST moderation, blocking, the admin API) to this node's live sessions, each
 * on its own event loop: a new role or mute takes effect on the next frame, a ban closes with 4003 at once. In a
 * cluster the {@link ControlRelay} carries each change to the other nodes, so it applies everywhere at once.
 */
public final class SessionControl {
    private final ConnectionDirectory connections;
    private final Closer closer;
    private final Clock clock;
    private volatile ControlRelay relay = ControlRelay.NONE;

    public SessionControl(ConnectionDirectory connections, Closer closer, Clock clock) {
        this.connections = connections;
        this.closer = closer;
        this.clock = clock;
    }

    /** Where changes go to reach the sessions on other nodes; set once while wiring a cluster node. */
    public void relay(ControlRelay controlRelay) {
        this.relay = controlRelay;
    }

    /**
     * The user's membership of a room changed (role, mute, ban, or removal when {@code updated} is null): applied
     * to this node's sessions and, in a cluster, to every other node's.
     */
    public void membershipChanged(UUID roomId, String userId, MembershipRecord updated) {
        applyMembershipChange(roomId, userId, updated);
        relay.membershipChanged(roomId, userId, updated);
    }

    /** Applies a membership change to this node's sessions only (what another node's change arrives as). */
    public void applyMembershipChange(UUID roomId, String userId, MembershipRecord updated) {
        connections.forEachSessionOf(userId, session -> {
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

    /** {@code blocker} started or stopped blocking {@code blocked}: their sessions on every node filter accordingly. */
    public void blockChanged(String blocker, String blocked, boolean blocking) {
        applyBlockChange(blocker, blocked, blocking);
        relay.blockChanged(blocker, blocked, blocking);
    }

    /** Applies a block change to this node's sessions only. */
    public void applyBlockChange(String blocker, String blocked, boolean blocking) {
        connections.forEachSessionOf(blocker, session -> {
            if (blocking) {
                session.blocked().add(blocked);
            } else {
                session.blocked().remove(blocked);
            }
        });
    }

    /**
     * The user's read marker in a room moved ({@code event} is the encoded read_updated): their other connections
     * to the room, on this node and on every other, are told. {@code except} (the connection that marked) is not.
     */
    public void readUpdated(String userId, UUID roomId, byte[] event, RoomSession except) {
        applyReadUpdate(userId, roomId, event, except);
        relay.readUpdated(userId, roomId, event);
    }

    /** Writes a read_updated to the user's connections to the room on this node, except {@code except} (may be null). */
    public void applyReadUpdate(String userId, UUID roomId, byte[] event, RoomSession except) {
        connections.forEachSessionOf(userId, session -> {
            if (session != except && session.room().id().equals(roomId) && session.channel().isActive()) {
                session.channel().writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(event)));
            }
        });
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
