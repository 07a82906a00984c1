package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.server.admission.AdmissionStore;
import dev.community.server.admission.RoomEntry;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Loads a room with the caller's membership and applies the rule of who may open it: an unknown room is 404, a
 * room the caller may not open (banned; a private circle or DM they are not in; below its trust gate) is 403 —
 * for REST and for the WebSocket upgrade alike. Everything below a room
 * (a message, a thread) is looked up within that room only, so an id of another room is a 404 here whatever
 * the caller may see there. Runs on the blocking executor, except {@link #enter}, which judges a room held in
 * memory ({@link AdmissionStore}) for the WebSocket upgrade by the same rule.
 */
public final class RoomAccess {
    private final Storage storage;
    private final Clock clock;
    private final AdmissionStore admission;
    private final LiveChanges live;

    /** @param live where a join on first access is told (the user's streams hear room_added) */
    public RoomAccess(Storage storage, Clock clock, AdmissionStore admission, LiveChanges live) {
        this.storage = storage;
        this.clock = clock;
        this.admission = admission;
        this.live = live;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The room and the caller's membership (empty if not a member), after the access check. */
    public Loaded load(Principal principal, UUID roomId) {
        RoomRecord room = storage.rooms().findById(roomId)
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such room"));
        return check(principal, room);
    }

    /**
     * The access check on a room already read (the WebSocket upgrade reads it first to tell a DM path from a room
     * path): the caller's membership, then who may open the room.
     */
    public Loaded check(Principal principal, RoomRecord room) {
        Optional<Membership> membership = storage.memberships().find(room.id(), principal.userId());
        Instant now = clock.instant();
        refusal(room, membership, principal, now).ifPresent(refused -> {
            throw refused;
        });
        return new Loaded(room, membership, principal, now);
    }

    private static Optional<Refusal> refusal(RoomRecord room, Optional<Membership> membership, Principal principal,
                                             Instant now) {
        return Permissions.canAccess(room, membership, principal, now).map(code -> {
            boolean banned = membership.isPresent() && membership.get().isBanned(now);
            return new Refusal(code, banned ? "you are banned from this room" : "you may not access this room");
        });
    }

    /**
     * The room as the WebSocket upgrade's admission finds it: from memory when held, else loaded once however many
     * connects ask at the same moment; empty when there is no such room.
     */
    public CompletableFuture<Optional<RoomEntry>> room(UUID roomId) {
        return admission.rooms().room(roomId);
    }

    /**
     * {@link #check} then {@link #joined}, for the WebSocket upgrade, on a room held in memory: the same rule judged
     * on the membership held there, and a newcomer's first join grouped with other connects' (one transaction for
     * many). A member of a live room is answered at once, without a database round trip. A refusal completes it
     * exceptionally with the {@link Refusal}; a join completes it on a blocking thread.
     */
    public CompletableFuture<Loaded> enter(Principal principal, RoomEntry entry) {
        Instant now = clock.instant();
        RoomRecord room = entry.room();
        Optional<Membership> membership = entry.membership(principal.userId());
        Optional<Refusal> refused = refusal(room, membership, principal, now);
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        Loaded loaded = new Loaded(room, membership, principal, now);
        if (loaded.isMember()) {
            return CompletableFuture.completedFuture(loaded);
        }
        return admission.writes().join(room.id(), principal.userId()).thenApply(joined -> {
            admission.rooms().joined(room.id(), principal.userId(), joined, now);
            live.membershipBeganOnEntry(room.id(), principal.userId(), joined);
            return new Loaded(entry.room(), Optional.of(joined), principal, now);
        });
    }

    /** As {@link #load}, making the caller a member of a public or unlisted room they may enter (as connecting does). */
    public Loaded loadAsMember(Principal principal, UUID roomId) {
        return joined(load(principal, roomId));
    }

    /**
     * Makes a caller who passed the access check a member, if they are not one yet: entering a room one may open
     * (connecting, posting, reacting, joining) is joining it. The one place that decides it, for every transport,
     * and that tells the user's streams of the new room (room_added, since 1.8 also for a join on first access).
     */
    public Loaded joined(Loaded loaded) {
        if (loaded.isMember()) {
            return loaded;
        }
        Principal principal = loaded.principal();
        UUID roomId = loaded.room().id();
        storage.users().upsertSeen(principal.userId(), principal.username(), principal.joinedAt(),
                principal.trustLevel(), principal.staff());
        Membership joined = storage.memberships().join(roomId, principal.userId(), Role.MEMBER);
        admission.rooms().joined(roomId, principal.userId(), joined, loaded.now());
        live.membershipBegan(roomId, principal.userId(), joined);
        return new Loaded(storage.rooms().findById(roomId).orElse(loaded.room()), Optional.of(joined), principal,
                loaded.now());
    }

    /** A message of this room (a tombstone included); any other id, another room's included, is a 404. */
    public Message message(Loaded loaded, UUID messageId) {
        return storage.messages().findById(loaded.room().id(), messageId)
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such message in this room"));
    }

    /** The room as the caller sees it now: my_role, read marker and unread counts. */
    public Room view(Principal principal, UUID roomId) {
        return storage.rooms().view(roomId, principal.userId())
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such room"));
    }

    /** A room with the caller's membership, as loaded at {@code now}. */
    public record Loaded(RoomRecord room, Optional<Membership> membership, Principal principal, Instant now) {

        /** An active member (a ban, even one that has run out, ended the membership). */
        public boolean isMember() {
            return membership.isPresent() && membership.get().isMember();
        }

        /** The active membership, or 403 for someone who only reads a public room. */
        public Membership requireMember() {
            if (!isMember()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "you are not a member of this room");
            }
            return membership.get();
        }

        /** A room moderator (moderator, admin, owner or staff): sees hidden content and may moderate. */
        public boolean moderator() {
            return Permissions.isModerator(membership, principal, now);
        }

        public boolean isDm() {
            return room.roomType().isDirect();
        }
    }
}
