package dev.community.server.ws;

import dev.community.server.ServerMetrics;
import dev.community.server.auth.Principal;
import dev.community.server.deflate.PerMessageDeflate;
import dev.community.server.room.Delivery;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.Member;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One WebSocket connection in one room. All state is confined to the channel's event loop.
 *
 * <p>Until its room_state is written the session is not yet <em>synced</em>: deliveries are held, then those
 * newer than the room_state's messages are written, so a member misses nothing and gets nothing twice.
 * After that, messages arrive in seq order and anything at or below the last written seq is a duplicate of
 * what room_state already carried.
 */
public final class RoomSession implements Member {
    private final Channel channel;
    private final Principal principal;
    private final LiveRoom live;
    private final ServerMetrics metrics;
    private final long openedNanos = System.nanoTime();
    /** Negotiated permessage-deflate: gets the deliveries' shared compressed frames. */
    private final boolean deflate;
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private final Set<String> blocked = new HashSet<>();
    private RoomRecord room;
    private Membership membership;
    private boolean synced;
    private boolean closed;
    private long lastSeq;

    /** The room id written into each frame (a subscription of the user stream), or null (a room socket). */
    private final java.util.UUID tag;
    /** What a ban or removal does to a stream subscription; null on a room socket (closed with 4003). */
    private final Eviction eviction;

    public RoomSession(Channel channel, Principal principal, RoomRecord room, Membership membership, LiveRoom live,
                       ServerMetrics metrics) {
        this(channel, principal, room, membership, live, metrics, null, null);
    }

    /**
     * @param tag      the room id each delivered frame names (the user stream), or null (a room socket)
     * @param eviction what a ban or removal does to it instead of closing the socket (the user stream), or null
     */
    public RoomSession(Channel channel, Principal principal, RoomRecord room, Membership membership, LiveRoom live,
                       ServerMetrics metrics, java.util.UUID tag, Eviction eviction) {
        this.tag = tag;
        this.eviction = eviction;
        this.channel = channel;
        this.principal = principal;
        this.room = room;
        this.membership = membership;
        this.live = live;
        this.metrics = metrics;
        this.deflate = PerMessageDeflate.negotiated(channel);
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public String userId() {
        return principal.userId();
    }

    public Principal principal() {
        return principal;
    }

    public LiveRoom live() {
        return live;
    }

    public RoomRecord room() {
        return room;
    }

    public void room(RoomRecord updated) {
        this.room = updated;
    }

    public Membership membership() {
        return membership;
    }

    public void membership(Membership updated) {
        this.membership = updated;
    }

    /** What ends a stream subscription when its user is banned or removed; null for a room socket. */
    public Eviction eviction() {
        return eviction;
    }

    /** How a subscription of the user stream ends when its user is banned from or leaves the room. */
    @FunctionalInterface
    public interface Eviction {
        /** On the session's loop: {@code reason} is {@code banned} or {@code left}. */
        void evicted(RoomSession session, String reason);
    }

    public Set<String> blocked() {
        return blocked;
    }

    public long openedNanos() {
        return openedNanos;
    }

    /** Owners, admins, moderators and platform staff see hidden content and may moderate. */
    public boolean isModerator() {
        return dev.community.server.permission.Permissions.isModerator(membership, principal);
    }

    public boolean isMuted(Instant now) {
        return membership.isMuted(now);
    }

    @Override
    public boolean deliver(Delivery delivery) {
        if (closed) {
            return false;
        }
        if (!synced) {
            pending.add(delivery.retain());
            return false;
        }
        return write(delivery);
    }

    /**
     * Marks the session synced after its room_state (whose newest message is {@code syncedSeq}) was written, and
     * writes the deliveries held meanwhile.
     */
    public void completeSync(long syncedSeq) {
        synced = true;
        lastSeq = Math.max(lastSeq, syncedSeq);
        boolean wrote = false;
        Delivery held;
        while ((held = pending.poll()) != null) {
            try {
                wrote |= !closed && write(held);
            } finally {
                held.release();
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Releases what is held; the session takes no more deliveries. */
    public void close() {
        closed = true;
        Delivery held;
        while ((held = pending.poll()) != null) {
            held.release();
        }
    }

    private boolean write(Delivery delivery) {
        long seq = delivery.seq();
        if (seq > 0) {
            if (seq <= lastSeq) {
                return false;
            }
            lastSeq = seq;
        }
        String actor = delivery.actorId();
        if (actor != null && blocked.contains(actor)) {
            return false;
        }
        ByteBuf bytes = delivery.bytesFor(principal.userId(), isModerator(), deflate, tag);
        if (bytes == null) {
            return false;
        }
        // Never skipped for a full buffer (that would be a silent gap): the outbound budget closes a client that
        // does not read (OutboundBudgetHandler), and it resumes with since_seq.
        // A finished frame (TextFrames): it passes the WebSocket encoder untouched, so members share its bytes.
        channel.write(bytes.retainedDuplicate(), channel.voidPromise());
        metrics.framesOut(1, bytes.readableBytes());
        return true;
    }
}
