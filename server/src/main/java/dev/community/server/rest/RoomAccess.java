package dev.community.server.rest;

import dev.community.protocol.ErrorCode;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.MembershipRecord;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads a room with the caller's membership and applies {@code IsRoomMember}: an unknown room is 404, a room
 * the caller may not open is 403 — the same rule the WebSocket gatekeeper applies. Runs on the blocking executor.
 */
final class RoomAccess {
    private final Storage storage;
    private final Clock clock;

    RoomAccess(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** The room and the caller's membership (empty if not a member), after the access check. */
    Loaded load(Principal principal, UUID roomId) {
        RoomRecord room = storage.rooms().findById(roomId)
                .orElseThrow(() -> new RestException(ErrorCode.NOT_FOUND, "no such room"));
        Optional<MembershipRecord> membership = storage.memberships().find(roomId, principal.userId());
        Permissions.canAccess(room, membership, principal, clock.instant()).ifPresent(code -> {
            throw new RestException(code, "you may not access this room");
        });
        return new Loaded(room, membership);
    }

    /** As {@link #load}, making the caller a member of a public or unlisted room they may enter (as connecting does). */
    Loaded loadAsMember(Principal principal, UUID roomId) {
        Loaded loaded = load(principal, roomId);
        if (loaded.membership().isPresent() && !"banned".equals(loaded.membership().get().role())) {
            return loaded;
        }
        storage.users().upsertSeen(principal.userId(), principal.username(), principal.joinedAt(),
                principal.trustLevel(), principal.staff());
        MembershipRecord joined = storage.memberships().join(roomId, principal.userId(), "member");
        return new Loaded(storage.rooms().findById(roomId).orElse(loaded.room()), Optional.of(joined));
    }

    record Loaded(RoomRecord room, Optional<MembershipRecord> membership) {
        boolean moderator(Principal principal) {
            return membership.map(m -> Permissions.isModerator(m, principal)).orElse(principal.staff());
        }
    }
}
