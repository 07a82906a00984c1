package dev.community.server.actions;

import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import dev.community.server.ServerContext;
import dev.community.server.room.RoomEvent;
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
 * Carries a change made through REST to the live side of this node at once: the room's window of recent
 * messages (which room_state is served from), the room's sockets (through the bus, hidden content redacted below
 * moderator), and the sessions' own view of their membership, room and block list. Called after the change is
 * committed, on the blocking executor: a change to sessions is waited for (briefly), so by the time the REST
 * caller has its answer every socket on this node judges its next frame by the new state.
 */
public final class LiveChanges {
    /** How long a REST call waits for the event loops to apply a change to their sessions. */
    static final Duration APPLY_WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(LiveChanges.class);

    private final ServerContext app;

    public LiveChanges(ServerContext app) {
        this.app = app;
    }

    /** An edit, hide or unhide: message_updated to the room, with content "" below moderator while hidden. */
    public void messageUpdated(Message stored) {
        replaceInWindow(stored.roomId(), stored.id(), stored);
        ServerEvent standard = new ServerEvent.MessageUpdated(stored.isHidden() ? stored.redacted() : stored);
        ServerEvent forModerators = stored.isHidden() ? new ServerEvent.MessageUpdated(stored) : null;
        // the author as actor: whoever blocks them never saw the message and gets none of its updates either
        app.bus().publish(new RoomEvent(stored.roomId(), standard, forModerators, stored.author().id(), false));
    }

    /** A message became a tombstone: message_deleted to the room. */
    public void messageDeleted(Message tombstone) {
        replaceInWindow(tombstone.roomId(), tombstone.id(), tombstone);
        app.bus().publish(new RoomEvent(tombstone.roomId(),
                new ServerEvent.MessageDeleted(tombstone.id(), tombstone.seq()), null, tombstone.author().id(), false));
    }

    /** A reaction was added or removed: reactions_updated to the room. */
    public void reactionsUpdated(UUID roomId, UUID messageId, Map<String, Integer> counts) {
        app.rooms().find(roomId).ifPresent(live -> live.recent().update(messageId, m -> m.withReactionCounts(counts)));
        app.bus().publish(RoomEvent.toAll(roomId, new ServerEvent.ReactionsUpdated(messageId, counts)));
    }

    /**
     * A member's role, mute or ban changed: member_updated to the room, and the user's live sessions take the
     * new membership (a ban closes them with 4003).
     *
     * @param role    as announced: the new role, or null when the user is no member any more (unbanned)
     * @param updated the stored membership afterwards
     */
    public void memberUpdated(UUID roomId, User user, Role role, Instant until, Membership updated) {
        app.bus().publish(RoomEvent.toAll(roomId, new ServerEvent.MemberUpdated(user, role, until)));
        if (updated != null) {
            await(app.control().membershipChanged(roomId, user.id(), updated));
        }
    }

    /** The user left the room: their sockets in it close (4003, no longer a member). */
    public void memberLeft(UUID roomId, String userId) {
        await(app.control().membershipChanged(roomId, userId, null));
    }

    /** The room's settings changed: its live sessions check later frames against them. */
    public void roomChanged(RoomRecord updated) {
        await(app.control().roomChanged(updated));
    }

    /** My read marker moved: read_updated to my connections in that room on every node (as after a mark_read frame). */
    public void readMarkerMoved(String userId, UUID roomId, ReadMarker marker) {
        ServerEvent event = new ServerEvent.ReadUpdated(roomId, marker.lastReadSeq(), marker.unreadCount());
        // the same road as a socket's mark_read: my connections to the room on every node, each on its own loop
        app.control().readUpdated(userId, roomId, app.codec().encode(event), null);
    }

    /** A block began or ended: the blocker's sessions filter deliveries accordingly. */
    public void blockChanged(String blocker, String blocked, boolean blocking) {
        await(app.control().blockChanged(blocker, blocked, blocking));
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

    private void replaceInWindow(UUID roomId, UUID messageId, Message stored) {
        app.rooms().find(roomId).ifPresent(live -> live.recent().update(messageId, old -> stored));
    }
}
