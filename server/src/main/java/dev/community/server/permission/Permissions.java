package dev.community.server.permission;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.server.auth.Principal;
import dev.community.storage.MembershipRecord;
import dev.community.storage.RoomRecord;
import dev.community.storage.ThreadRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who may do what in a room, as pure functions of (room, membership, principal, now). Each returns the contract
 * error that denies the action, or empty when it is allowed.
 */
public final class Permissions {
    /** Roles from most to least powerful; a role may act only on roles after it. */
    public static final List<String> ROLES = List.of("owner", "admin", "moderator", "trusted", "member", "muted", "banned");
    /** Roles an owner or admin may give with the members endpoints; mutes and bans are moderation actions. */
    public static final Set<String> ASSIGNABLE_ROLES = Set.of("admin", "moderator", "trusted", "member");
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
    public static Optional<ErrorCode> canAccess(RoomRecord room, Optional<MembershipRecord> membership,
                                                Principal principal, Instant now) {
        if (membership.isPresent() && membership.get().isBanned(now)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        boolean member = membership.isPresent() && !"banned".equals(membership.get().role());
        if (("dm".equals(room.roomType()) || "private".equals(room.visibility())) && !member) {
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
    public static Optional<ErrorCode> canPost(RoomRecord room, MembershipRecord membership, Principal principal,
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

    /** Slow mode applies to roles below {@code trusted}. */
    public static boolean subjectToSlowMode(MembershipRecord membership, Principal principal) {
        return !principal.staff() && rank(membership.role()) > rank("trusted");
    }

    /** A room moderator: its owner, an admin, a moderator, or platform staff. */
    public static boolean isModerator(MembershipRecord membership, Principal principal) {
        return principal.staff() || rank(membership.role()) <= rank("moderator");
    }

    /** The room's owner or an admin, or platform staff: may change the room's settings and give roles. */
    public static boolean isOwnerOrAdmin(MembershipRecord membership, Principal principal) {
        return principal.staff() || rank(membership.role()) <= rank("admin");
    }

    /**
     * Nobody acts on an equal or higher role, and nobody acts on the owner (staff included). {@code actor} may
     * be null for staff who are not members of the room.
     */
    public static boolean outranks(MembershipRecord actor, Principal actorPrincipal, String targetRole) {
        if ("owner".equals(targetRole)) {
            return false;
        }
        if (actorPrincipal.staff()) {
            return true;
        }
        return actor != null && rank(actor.role()) < rank(targetRole);
    }

    /** Position of a role in {@link #ROLES}; unknown roles rank as plain members. */
    public static int rank(String role) {
        int index = ROLES.indexOf(role);
        return index < 0 ? ROLES.indexOf("member") : index;
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
    public static Optional<ErrorCode> canEdit(RoomRecord room, MembershipRecord membership, Message message,
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
    public static Optional<ErrorCode> canDelete(Optional<MembershipRecord> actor, Principal principal, Message message,
                                                String authorRole, Instant now) {
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
    public static Optional<ErrorCode> canModerate(Optional<MembershipRecord> actor, Principal principal,
                                                  String targetRole, Instant now) {
        if (!isModerator(actor, principal, now)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        MembershipRecord self = actor.orElse(null);
        return outranks(self, principal, targetRole == null ? "member" : targetRole) ? Optional.empty()
                : Optional.of(ErrorCode.FORBIDDEN);
    }

    /**
     * Giving a role with the members endpoints: the room's owner or an admin who outranks the
     * target's current role and gives a role below their own (staff: any role below owner). Ownership is never
     * given this way.
     */
    public static Optional<ErrorCode> canAssignRole(Optional<MembershipRecord> actor, Principal principal,
                                                    String currentRole, String newRole, Instant now) {
        boolean manager = principal.staff()
                || actor.map(m -> !m.isBanned(now) && isOwnerOrAdmin(m, principal)).orElse(false);
        if (!manager || !ASSIGNABLE_ROLES.contains(newRole)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        MembershipRecord self = actor.orElse(null);
        if (!outranks(self, principal, currentRole == null ? "member" : currentRole)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        return principal.staff() || rank(self.role()) < rank(newRole) ? Optional.empty()
                : Optional.of(ErrorCode.FORBIDDEN);
    }

    /** A room moderator, for a caller who may not be a member at all (platform staff still are). */
    public static boolean isModerator(Optional<MembershipRecord> membership, Principal principal, Instant now) {
        return principal.staff() || membership.map(m -> !m.isBanned(now) && isModerator(m, principal)).orElse(false);
    }

    /** The room's owner or an admin (or staff), for a caller who may not be a member at all. */
    public static boolean isOwnerOrAdmin(Optional<MembershipRecord> membership, Principal principal, Instant now) {
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

    /** The role a membership holds at {@code now} (expired mutes read "member", expired bans null), or null. */
    public static String roleNow(Optional<MembershipRecord> membership, Instant now) {
        return membership.map(m -> m.effectiveRole(now)).orElse(null);
    }
}
