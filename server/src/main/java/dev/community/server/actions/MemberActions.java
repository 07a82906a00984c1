package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.protocol.User;
import dev.community.protocol.UserIds;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.Member;
import dev.community.storage.Storage;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Who is in a room: joining and leaving it oneself, adding someone, giving a role (the owner, an admin or
 * staff, giving only roles below one's own to members below one's own). Mutes and bans are
 * {@link ModerationActions}, not roles given here. A change reaches the room (member_updated) and the user's
 * sessions on every node through {@link LiveChanges}.
 */
public final class MemberActions {
    private final RoomAccess access;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;

    public MemberActions(RoomAccess access, Storage storage, Blocking blocking, LiveChanges live) {
        this.access = access;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
    }

    /** Joins a public or unlisted room (who may, as for connecting); a member already stays as they are. */
    public CompletableFuture<Room> join(Principal principal, UUID roomId) {
        return blocking.supply(() -> {
            // joining tells the user's streams (room_added), as every join on first access does
            access.joined(access.load(principal, roomId));
            return access.view(principal, roomId);
        });
    }

    /**
     * Ends my membership; my sockets in the room close (4003). Leaving a room I am not in is a no-op. The owner
     * cannot leave (the room would have none) and a 1:1 DM cannot be left (block instead): 409.
     */
    public CompletableFuture<Void> leave(Principal principal, UUID roomId) {
        String userId = principal.userId();
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            if (!loaded.isMember()) {
                return null;
            }
            if (loaded.membership().get().role() == Role.OWNER) {
                throw new Refusal(ErrorCode.CONFLICT, "the owner cannot leave the room");
            }
            if (loaded.isDm() && storage.directMessages().find(roomId, userId).map(t -> !t.group()).orElse(false)) {
                throw new Refusal(ErrorCode.CONFLICT, "a 1:1 conversation cannot be left; block the user instead");
            }
            if (storage.memberships().leave(roomId, userId)) {
                live.memberLeft(roomId, userId);
            }
            return null;
        });
    }

    /**
     * Makes {@code userId} a member with {@code role}. 409 when they are a member already or banned; DM
     * participants are fixed when the thread is created (403).
     */
    public CompletableFuture<Member> add(Principal principal, UUID roomId, String userId, Role role) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            if (loaded.isDm()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "a DM thread's participants are fixed");
            }
            Permissions.canAssignRole(loaded.membership(), principal, null, role, loaded.now()).ifPresent(code -> {
                throw new Refusal(code, "only an owner or admin may add members, with a role below their own");
            });
            Optional<Membership> existing = storage.memberships().find(roomId, userId);
            if (existing.isPresent() && existing.get().isBanned(loaded.now())) {
                throw new Refusal(ErrorCode.CONFLICT, "the user is banned from this room; unban them first");
            }
            if (existing.isPresent() && existing.get().isMember()) {
                throw new Refusal(ErrorCode.CONFLICT, "the user is a member already");
            }
            Membership joined = storage.memberships().join(roomId, userId, role);
            // back after leaving: join keeps their old role (or a mute waiting for them); the new role wins over
            // the old one, never over the mute
            if (role != joined.role() && joined.role() != Role.MUTED) {
                joined = storage.memberships().setRole(roomId, userId, role).orElse(joined);
            }
            User user = user(userId);
            Role shownRole = joined.effectiveRole(loaded.now());
            Instant until = untilOf(joined, loaded.now());
            live.memberUpdated(roomId, user, shownRole, until, joined);
            return new Member(user, shownRole, until, joined.joinedAt());
        });
    }

    /** Gives a member of the room {@code role}; someone who is no member (or no valid user id) is a 404. */
    public CompletableFuture<Member> changeRole(Principal principal, UUID roomId, String userId, Role role) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            Optional<Membership> target = UserIds.isValid(userId)
                    ? storage.memberships().find(roomId, userId) : Optional.empty();
            if (target.isEmpty() || !target.get().isMember()) {
                throw new Refusal(ErrorCode.NOT_FOUND, "no such member in this room");
            }
            Permissions.canAssignRole(loaded.membership(), principal, target.get().effectiveRole(loaded.now()), role,
                    loaded.now()).ifPresent(code -> {
                        throw new Refusal(code, "only an owner or admin may change roles of members below them,"
                                + " to roles below their own");
                    });
            Membership updated = storage.memberships().setRole(roomId, userId, role)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such member in this room"));
            User user = user(userId);
            live.memberUpdated(roomId, user, updated.role(), null, updated);
            return new Member(user, updated.role(), null, updated.joinedAt());
        });
    }

    private User user(String userId) {
        return storage.users().find(userId).map(u -> u.toWire()).orElse(new User(userId, userId));
    }

    /** The end of the mute or ban in force at {@code now}; null when none is (or it is permanent). */
    private static Instant untilOf(Membership m, Instant now) {
        if (m.isMuted(now)) {
            return m.mutedUntil();
        }
        return m.isBanned(now) ? m.bannedUntil() : null;
    }
}
