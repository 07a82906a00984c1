package dev.community.server.ws;

import dev.community.protocol.ErrorCode;
import dev.community.server.ServerMetrics;
import dev.community.server.StorageReads;
import dev.community.server.actions.Refusal;
import dev.community.server.actions.RoomAccess;
import dev.community.server.admission.AdmissionStore;
import dev.community.server.admission.RoomEntry;
import dev.community.server.auth.Principal;
import dev.community.server.room.RecentMessages;
import dev.community.server.room.RoomRegistry;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The admission of an upgrade once its token is redeemed (PROTOCOL.md §2): whether the user may open the room (from
 * memory for a live room, so a member's reconnect makes no database round trip), what the session starts from (the
 * room's row, the membership, the read marker), the user stream's rooms, the connection cap, and the registration
 * that lets a change landing during the admission reach the new connection. The gatekeeper asks; the user stream
 * asks again for each {@code subscribe}. Completes on a blocking thread when it had to read or write, else at once.
 */
public final class UpgradeAdmission {
    private final RoomAccess access;
    private final AdmissionStore held;
    private final ConnectionDirectory connections;
    private final RoomRegistry rooms;
    private final StorageReads reads;
    private final ServerMetrics metrics;
    /** Users whose claims this node recorded lately (one per listener: see CommunityServer). */
    private final RecentSightings sightings;
    private final int maxConnectionsPerUser;

    public UpgradeAdmission(RoomAccess access, AdmissionStore held, ConnectionDirectory connections, RoomRegistry rooms,
                            StorageReads reads, ServerMetrics metrics, RecentSightings sightings,
                            int maxConnectionsPerUser) {
        this.access = access;
        this.held = held;
        this.connections = connections;
        this.rooms = rooms;
        this.reads = reads;
        this.metrics = metrics;
        this.sightings = sightings;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
    }

    /** Registered before the membership is read: a change that lands from here on reaches the new session. */
    Admission begin(Principal principal, UUID roomId) {
        return connections.admitting(principal.userId(), roomId);
    }

    /** Registered before the rooms are read: a membership change that lands from here on reaches the stream. */
    StreamAdmission beginStream(Principal principal) {
        return connections.admittingStream(principal.userId());
    }

    /** The admission ended without a session. */
    void abandon(Admission admission) {
        connections.abandon(admission);
    }

    void abandon(StreamAdmission admission) {
        connections.abandon(admission);
    }

    /**
     * Takes one of the user's connections ({@code max_connections_per_user}), given back when {@code channel}
     * closes; false when they have them all.
     */
    boolean reserve(Principal principal, Channel channel) {
        if (!connections.tryReserve(principal.userId(), maxConnectionsPerUser)) {
            return false;
        }
        channel.closeFuture().addListener(f -> connections.unreserve(principal.userId()));
        return true;
    }

    /**
     * The user stream's admission: the user's rooms for {@code ready}, read on the blocking pool while reading is
     * off.
     */
    CompletableFuture<Verdict> admitStream(Principal principal, StreamAdmission admission) {
        return seen(principal).thenCompose(written -> reads.blocking().supply(
                () -> new Verdict(null, StreamContext.load(reads.storage(), principal, admission), null, null)));
    }

    /**
     * The checks that need the room and the membership: from memory ({@code RoomDirectory}, through
     * {@link RoomAccess}) for a live room; what must be written (new or changed claims, a first join) is written in
     * groups with other connects'. The user stream's {@code subscribe} is admitted here too ({@code dm} null: a room
     * of either kind).
     */
    CompletableFuture<Verdict> admit(Principal principal, UUID roomId, Boolean dm, Long sinceSeq, Admission admission) {
        return seen(principal).thenCompose(written -> access.room(roomId)).thenCompose(found -> {
            if (found.isEmpty() || (dm != null && dm != found.get().room().roomType().isDirect())) {
                return CompletableFuture.completedFuture(Verdict.refused(ErrorCode.NOT_FOUND,
                        Boolean.TRUE.equals(dm) ? "no such DM thread" : "no such room"));
            }
            RoomEntry entry = found.get();
            // connecting to a room one may open is joining it, as over REST
            return access.enter(principal, entry).thenCompose(entered -> current(entry).thenCompose(room ->
                    marker(entered, room).thenApply(marker -> new Verdict(new SessionContext(principal, room,
                            entered.membership().orElseThrow(), marker, sinceSeq, admission), null, null, null))));
        }).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof Refusal refused) {
                return CompletableFuture.completedFuture(Verdict.refused(refused.code(), refused.getMessage()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The room's row for the session: on one node the row held, brought up to the newest message the node holds for
     * it (the held row's seq lags; every message stored here reaches the room's window); in a cluster the row as
     * stored now, since only storage knows of a message another node stored but never published (the session's
     * room_state and the room's gap filling go by its seq).
     */
    private CompletableFuture<RoomRecord> current(RoomEntry entry) {
        if (held.readsStoredRows()) {
            return held.rooms().storedRow(entry.room().id()).thenApply(row -> row.orElseGet(entry::room));
        }
        var newest = rooms.find(entry.room().id()).flatMap(live -> live.recent().newest());
        return CompletableFuture.completedFuture(
                newest.map(m -> entry.room(m.seq(), m.createdAt())).orElseGet(entry::room));
    }

    /**
     * The member's read marker with its unread counts: counted in the room's window of recent messages when it
     * holds everything after the marker, up to the room's seq (the marker and the block list are held in memory),
     * else read from storage.
     */
    private CompletableFuture<ReadMarker> marker(RoomAccess.Loaded entered, RoomRecord room) {
        UUID roomId = entered.room().id();
        String userId = entered.principal().userId();
        long lastRead = entered.membership().orElseThrow().lastReadSeq();
        var live = rooms.find(roomId);
        if (live.isEmpty()) {
            return readMarkerFromStorage(roomId, userId);
        }
        // a room that just went live reads its window once for every session arriving (RoomSubscription does too)
        RecentMessages recent = live.get().recent();
        var window = live.get().primedWindow(limit -> reads.newest(roomId, limit));
        return window.thenCombine(held.blocks().of(userId), (primed, blocked) -> blocked).thenCompose(blocked -> {
            var counted = recent.lastSeq() < room.lastSeq() ? Optional.<ReadMarker>empty()
                    : recent.unread(lastRead, userId, blocked);
            if (counted.isEmpty()) {
                return readMarkerFromStorage(roomId, userId);
            }
            metrics.readMarker("memory");
            return CompletableFuture.completedFuture(counted.get());
        });
    }

    private CompletableFuture<ReadMarker> readMarkerFromStorage(UUID roomId, String userId) {
        metrics.readMarker("storage");
        return reads.blocking().supply(() -> reads.storage().memberships().readMarker(roomId, userId));
    }

    /**
     * Records the user's latest claims, at most once in a while per user (RecentSightings), grouped with other
     * connects' writes; completes at once when nothing needs writing.
     */
    private CompletableFuture<?> seen(Principal principal) {
        long now = System.nanoTime();
        if (!sightings.needsWrite(principal, now)) {
            return CompletableFuture.completedFuture(null);
        }
        return held.writes().seen(principal).thenRun(() -> sightings.written(principal, now));
    }

    /** An admission's outcome: a room session's context, the user stream's, or a refusal. */
    record Verdict(SessionContext context, StreamContext stream, ErrorCode refusal, String message) {
        static Verdict refused(ErrorCode code, String message) {
            return new Verdict(null, null, code, message);
        }
    }

    /** How the user stream admits a {@code subscribe}: the room sockets' own admission ({@link #admit}). */
    @FunctionalInterface
    interface RoomAdmitter {
        CompletableFuture<Verdict> admit(Principal principal, UUID roomId, Boolean dm, Long sinceSeq,
                                         Admission admission);
    }
}
