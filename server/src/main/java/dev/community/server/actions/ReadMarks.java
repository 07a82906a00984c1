package dev.community.server.actions;

import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.ws.ReadMarkWriter;
import dev.community.server.ws.RoomSession;
import dev.community.storage.MembershipRepository;
import dev.community.storage.MembershipRepository.ReadMarker;
import io.netty.util.concurrent.EventExecutor;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Read markers, a member's own: the marker moves up to a seq (never back), and the member's connections to the
 * room on every node hear read_updated — through {@link LiveChanges} whichever transport moved it.
 */
public final class ReadMarks {
    private final RoomAccess access;
    private final MembershipRepository memberships;
    private final Blocking blocking;
    private final LiveChanges live;
    private final ReadMarkWriter fromSockets;

    public ReadMarks(RoomAccess access, MembershipRepository memberships, Blocking blocking, LiveChanges live) {
        this.access = access;
        this.memberships = memberships;
        this.blocking = blocking;
        this.live = live;
        // the socket that marked is not told: it knows
        this.fromSockets = new ReadMarkWriter(memberships, blocking,
                (mark, marker) -> live.readMarkerMoved(mark.userId(), mark.roomId(), marker, mark.from()));
    }

    /** POST read: members only (403 for someone who only reads a public room); written at once. */
    public CompletableFuture<ReadMarker> mark(Principal principal, UUID roomId, long seq) {
        return blocking.supply(() -> {
            access.load(principal, roomId).requireMember();
            ReadMarker marker = memberships.markRead(roomId, principal.userId(), seq);
            live.readMarkerMoved(principal.userId(), roomId, marker, null);
            return marker;
        });
    }

    /**
     * A socket's mark_read: its session is a member (it was admitted and is closed when it stops being one).
     * Written at most once a second per user and room ({@link ReadMarkWriter}); the sender gets no answer.
     *
     * @param timer runs a deferred write (the session's loop)
     */
    public void mark(RoomSession session, long seq, EventExecutor timer) {
        fromSockets.mark(session.room().id(), session.userId(), seq, session, timer);
    }
}
