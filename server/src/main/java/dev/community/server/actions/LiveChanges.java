package dev.community.server.actions;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomEvent;
import dev.community.server.ws.RoomSession;
import dev.community.server.ws.SessionControl;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one road a committed change takes to the live side, whichever transport caused it: room events go to the
 * room bus (which keeps every node's window of recent messages current and reaches every socket of the room on
 * every node, in the order they were published), changes to sessions go to session control (this node's sessions,
 * and through its relay every other node's). Called after the change is committed, on the blocking executor: a
 * change to sessions is waited for (briefly), so by the time the caller has its answer every socket on this node
 * judges its next frame by the new state.
 */
public final class LiveChanges {
    /** How long an action waits for the event loops to apply a change to their sessions. */
    static final Duration APPLY_WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(LiveChanges.class);

    private final RoomBus bus;
    private final SessionControl control;
    private final JsonCodec codec;

    public LiveChanges(RoomBus bus, SessionControl control, JsonCodec codec) {
        this.bus = bus;
        this.control = control;
        this.codec = codec;
    }

    /** An edit, hide or unhide: message_updated to the room, with content "" below moderator while hidden. */
    public void messageUpdated(Message stored) {
        ServerEvent standard = new ServerEvent.MessageUpdated(stored.isHidden() ? stored.redacted() : stored);
        ServerEvent forModerators = stored.isHidden() ? new ServerEvent.MessageUpdated(stored) : null;
        // the author as actor: whoever blocks them never saw the message and gets none of its updates either
        bus.publish(new RoomEvent(stored.roomId(), standard, forModerators, stored.author().id(), false));
    }

    /** A message became a tombstone: message_deleted to the room. */
    public void messageDeleted(Message tombstone) {
        bus.publish(new RoomEvent(tombstone.roomId(), new ServerEvent.MessageDeleted(tombstone.id(), tombstone.seq()),
                null, tombstone.author().id(), false));
    }

    /**
     * A message was pinned or unpinned: message_pinned / message_unpinned to the room (and every node's window). The
     * author as actor, as for its other updates: whoever blocks them never saw the message.
     */
    public void pinChanged(Message message, boolean pinned, User by, Instant at) {
        ServerEvent event = pinned ? new ServerEvent.MessagePinned(message.id(), message.seq(), by, at)
                : new ServerEvent.MessageUnpinned(message.id(), message.seq(), by);
        bus.publish(new RoomEvent(message.roomId(), event, null, message.author().id(), false));
    }

    /** {@code userId}'s reaction {@code emoji} was added or removed: reactions_updated to the room. */
    public void reactionsUpdated(UUID roomId, UUID messageId, Map<String, Integer> counts, String userId, String emoji,
                                 boolean added) {
        bus.publish(RoomEvent.toAll(roomId, new ServerEvent.ReactionsUpdated(messageId, counts, userId, emoji, added)));
    }

    /**
     * A member's role, mute or ban changed: the user's live sessions take the new membership (a ban closes them
     * with 4003), then member_updated goes to the room. In that order: this node's sessions have taken it when the
     * announcement leaves, and another node gets the relayed change before the announcement (both leave this node,
     * from this thread, on one ordered connection; on a sharded Redis Cluster their channels may live on different
     * shards, which keeps no order between them), so whoever sees member_updated is judged by it on their next
     * frame. A banned user's sockets close (4003) before the room hears of the ban.
     *
     * @param role    as announced: the new role, or null when the user is no member any more (unbanned)
     * @param updated the stored membership afterwards
     */
    public void memberUpdated(UUID roomId, User user, Role role, Instant until, Membership updated) {
        if (updated != null) {
            await(control.membershipChanged(roomId, user.id(), updated));
        }
        bus.publish(RoomEvent.toAll(roomId, new ServerEvent.MemberUpdated(user, role, until)));
    }

    /**
     * A membership began by the user's own doing or another's (a join over REST, a new DM): their user streams on
     * every node hear of the new room (room_added). The same road as any membership change.
     */
    public void membershipBegan(UUID roomId, String userId, Membership membership) {
        await(control.membershipChanged(roomId, userId, membership));
    }

    /**
     * As {@link #membershipBegan}, without waiting for the sessions: a join by entering a room over a socket (an
     * upgrade, a stream's subscribe) is told on the thread of the grouped write, which other connects wait behind;
     * nothing of the entering connection depends on the other sessions having taken it.
     */
    public void membershipBeganOnEntry(UUID roomId, String userId, Membership membership) {
        control.membershipChanged(roomId, userId, membership);
    }

    /** The user left the room: their sockets in it close (4003, no longer a member). */
    public void memberLeft(UUID roomId, String userId) {
        await(control.membershipChanged(roomId, userId, null));
    }

    /** The room's settings changed: its live sessions check later frames against them. */
    public void roomChanged(RoomRecord updated) {
        await(control.roomChanged(updated));
    }

    /**
     * My read marker moved: read_updated to my connections in that room on every node, except {@code except}
     * (the socket whose mark_read moved it; null when REST did).
     */
    public void readMarkerMoved(String userId, UUID roomId, ReadMarker marker, RoomSession except) {
        ServerEvent event = new ServerEvent.ReadUpdated(roomId, marker.lastReadSeq(), marker.unreadCount());
        control.readUpdated(userId, roomId, marker.lastReadSeq(), codec.encode(event), except);
    }

    /** A block began or ended: the blocker's sessions filter deliveries accordingly. */
    public void blockChanged(String blocker, String blocked, boolean blocking) {
        await(control.blockChanged(blocker, blocked, blocking));
    }

    /** Waits for the sessions to take a change; a loop too busy to do so in time gets it a moment later anyway. */
    private static void await(CompletableFuture<Void> applied) {
        try {
            applied.get(APPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.debug("live sessions did not confirm a change in time: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
