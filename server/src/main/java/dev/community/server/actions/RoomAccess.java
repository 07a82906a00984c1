package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads a room with the caller's membership and applies the rule of who may open it: an unknown room is 404, a
 * room the caller may not open (banned; a private circle or DM they are not in; below its trust gate) is 403 —
 * for REST and for the WebSocket upgrade alike. Everything below a room
 * (a message, a thread) is looked up within that room only, so an id of another room is a 404 here whatever
 * the caller may see there. Runs on the blocking executor.
 */
public final class RoomAccess {
    private final Storage storage;
    private final Clock clock;

    public RoomAccess(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
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
        Permissions.canAccess(room, membership, principal, now).ifPresent(code -> {
            boolean banned = membership.isPresent() && membership.get().isBanned(now);
            throw new Refusal(code, banned ? "you are banned from this room" : "you may not access this room");
        });
        return new Loaded(room, membership, principal, now);
    }

    /** As {@link #load}, making the caller a member of a public or unlisted room they may enter (as connecting does). */
    public Loaded loadAsMember(Principal principal, UUID roomId) {
        return joined(load(principal, roomId));
    }

    /**
     * Makes a caller who passed the access check a member, if they are not one yet: entering a room one may open
     * (connecting, posting, reacting, joining) is joining it. The one place that decides it, for every transport.
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
