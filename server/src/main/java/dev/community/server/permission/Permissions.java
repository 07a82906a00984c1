package dev.community.server.permission;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import dev.community.storage.ThreadRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may do what in a room, as pure functions of (room, membership, principal, now). Each returns the contract
 * error that denies the action, or empty when it is allowed.
 */
public final class Permissions {
    /** Creating a room: how old an account must be, unless it is staff. */
    public static final Duration ROOM_CREATOR_MIN_AGE = Duration.ofDays(7);
    /** Creating a room: how many messages an account must have sent, unless it is staff. */
    public static final long ROOM_CREATOR_MIN_MESSAGES = 10;

    private Permissions() {
    }

    /**
     * May open the room (connect, read history): not while banned; a private circle or a DM only as a member; a
     * room with a trust gate only as a member, staff, or with at least its {@code min_trust_to_join}.
     */
    public static Optional<ErrorCode> canAccess(RoomRecord room, Optional<Membership> membership,
                                                Principal principal, Instant now) {
        if (membership.isPresent() && membership.get().isBanned(now)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        boolean member = membership.isPresent() && membership.get().isMember();
        if ((room.roomType().isDirect() || room.visibility().membersOnly()) && !member) {
            // DMs and private circles: only their members get in; membership is granted, never taken.
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        if (!member && !principal.staff() && principal.trustLevel() < room.minTrustToJoin()) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        return Optional.empty();
    }

    /**
     * May send a message now: not banned, not muted, and staff, a moderator or with at least the room's
     * {@code min_trust_to_post} (rate limits and slow mode are checked separately).
     */
    public static Optional<ErrorCode> canPost(RoomRecord room, Membership membership, Principal principal,
                                              Instant now) {
        if (membership.isBanned(now)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        if (membership.isMuted(now)) {
            return Optional.of(ErrorCode.MUTED);
        }
        if (!principal.staff() && !isModerator(membership, principal) && principal.trustLevel() < room.minTrustToPost()) {
            return Optional.of(ErrorCode.TRUST_REQUIRED);
        }
        return Optional.empty();
    }

    /** Slow mode applies to roles below {@code trusted} ({@link Role#bypassesSlowMode}), never to staff. */
    public static boolean subjectToSlowMode(Membership membership, Principal principal) {
        return !principal.staff() && !membership.role().bypassesSlowMode();
    }

    /** A room moderator: its owner, an admin, a moderator ({@link Role#mayModerate}), or platform staff. */
    public static boolean isModerator(Membership membership, Principal principal) {
        return principal.staff() || membership.role().mayModerate();
    }

    /** The room's owner or an admin ({@link Role#mayManage}), or platform staff: change settings, give roles. */
    public static boolean isOwnerOrAdmin(Membership membership, Principal principal) {
        return principal.staff() || membership.role().mayManage();
    }

    /**
     * Nobody acts on an equal or higher role, and nobody acts on the owner (staff included). {@code actor} may
     * be null for staff who are not members of the room.
     */
    public static boolean outranks(Membership actor, Principal actorPrincipal, Role targetRole) {
        if (targetRole == Role.OWNER) {
            return false;
        }
        if (actorPrincipal.staff()) {
            return true;
        }
        return actor != null && actor.role().outranks(targetRole);
    }

    /**
     * Creating a room: staff, or an account at least {@link #ROOM_CREATOR_MIN_AGE} old that has sent at least
     * {@link #ROOM_CREATOR_MIN_MESSAGES} messages.
     *
     * @param joinedAt     account creation (the joined_at claim, else first sight)
     * @param messagesSent messages the user has stored, in any room
     */
    public static Optional<ErrorCode> canCreateRoom(Principal principal, Instant joinedAt, long messagesSent,
                                                    Instant now) {
        if (principal.staff()) {
            return Optional.empty();
        }
        boolean oldEnough = joinedAt != null && !joinedAt.isAfter(now.minus(ROOM_CREATOR_MIN_AGE));
        return oldEnough && messagesSent >= ROOM_CREATOR_MIN_MESSAGES ? Optional.empty()
                : Optional.of(ErrorCode.TRUST_REQUIRED);
    }

    /** The caller wrote the message. */
    public static boolean isMessageAuthor(Message message, Principal principal) {
        return message.author().id().equals(principal.userId());
    }

    /** Editing: only the author, and only while they may post in the room ({@link #canPost}). */
    public static Optional<ErrorCode> canEdit(RoomRecord room, Membership membership, Message message,
                                              Principal principal, Instant now) {
        if (!isMessageAuthor(message, principal)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        return canPost(room, membership, principal, now);
    }

    /**
     * Deleting: the author, or a room moderator who outranks the author's role in the room.
     *
     * @param authorRole the author's role now (see {@link #roleNow}), null when they are not a member
     */
    public static Optional<ErrorCode> canDelete(Optional<Membership> actor, Principal principal, Message message,
                                                Role authorRole, Instant now) {
        if (isMessageAuthor(message, principal)) {
            return Optional.empty();
        }
        return canModerate(actor, principal, authorRole, now);
    }

    /**
     * A moderation action aimed at a user or their message: the actor is a room moderator and outranks the
     * target's role (nobody acts on an equal or higher role, nobody on the owner).
     *
     * @param targetRole the target's role now, null when they are not a member (ranked as a member)
     */
    public static Optional<ErrorCode> canModerate(Optional<Membership> actor, Principal principal,
                                                  Role targetRole, Instant now) {
        if (!isModerator(actor, principal, now)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        Membership self = actor.orElse(null);
        return outranks(self, principal, targetRole == null ? Role.MEMBER : targetRole) ? Optional.empty()
                : Optional.of(ErrorCode.FORBIDDEN);
    }

    /**
     * Giving a role with the members endpoints: the room's owner or an admin who outranks the
     * target's current role and gives a role below their own (staff: any role below owner). Ownership is never
     * given this way.
     */
    public static Optional<ErrorCode> canAssignRole(Optional<Membership> actor, Principal principal,
                                                    Role currentRole, Role newRole, Instant now) {
        boolean manager = principal.staff()
                || actor.map(m -> !m.isBanned(now) && isOwnerOrAdmin(m, principal)).orElse(false);
        if (!manager || !Role.ASSIGNABLE.contains(newRole)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        Membership self = actor.orElse(null);
        if (!outranks(self, principal, currentRole == null ? Role.MEMBER : currentRole)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        return principal.staff() || self.role().outranks(newRole) ? Optional.empty()
                : Optional.of(ErrorCode.FORBIDDEN);
    }

    /** A room moderator, for a caller who may not be a member at all (platform staff still are). */
    public static boolean isModerator(Optional<Membership> membership, Principal principal, Instant now) {
        return principal.staff() || membership.map(m -> !m.isBanned(now) && isModerator(m, principal)).orElse(false);
    }

    /** The room's owner or an admin (or staff), for a caller who may not be a member at all. */
    public static boolean isOwnerOrAdmin(Optional<Membership> membership, Principal principal, Instant now) {
        return principal.staff()
                || membership.map(m -> !m.isBanned(now) && isOwnerOrAdmin(m, principal)).orElse(false);
    }

    /**
     * Posting into a thread: it must be a thread of this very room (anything else reads as not found, so no
     * thread id of another room can be probed) and not locked.
     */
    public static Optional<ErrorCode> canPostInThread(Optional<ThreadRecord> thread, UUID roomId) {
        if (thread.isEmpty() || !thread.get().roomId().equals(roomId)) {
            return Optional.of(ErrorCode.NOT_FOUND);
        }
        return thread.get().locked() ? Optional.of(ErrorCode.THREAD_LOCKED) : Optional.empty();
    }

    /** A 1:1 DM takes no messages, from either side, while either participant blocks the other. */
    public static Optional<ErrorCode> canPostInDirect(boolean blockedEitherWay) {
        return blockedEitherWay ? Optional.of(ErrorCode.BLOCKED) : Optional.empty();
    }

    /** The role a membership holds at {@code now} ({@link Membership#effectiveRole}), or null for none. */
    public static Role roleNow(Optional<Membership> membership, Instant now) {
        return membership.map(m -> m.effectiveRole(now)).orElse(null);
    }
}
