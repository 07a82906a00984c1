package dev.community.server.permission;

import dev.community.protocol.ErrorCode;
import dev.community.server.auth.Principal;
import dev.community.storage.MembershipRecord;
import dev.community.storage.RoomRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The seed's permission classes as pure functions of (room, membership, principal, now). Each returns the
 * contract error that denies the action, or empty when it is allowed.
 */
public final class Permissions {
    /** Roles from most to least powerful; a role may act only on roles after it. */
    public static final List<String> ROLES = List.of("owner", "admin", "moderator", "trusted", "member", "muted", "banned");

    private Permissions() {
    }

    /** {@code IsRoomMember}: may open the room (connect, read history). */
    public static Optional<ErrorCode> canAccess(RoomRecord room, Optional<MembershipRecord> membership,
                                                Principal principal, Instant now) {
        if (membership.isPresent() && membership.get().isBanned(now)) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        boolean member = membership.isPresent() && !"banned".equals(membership.get().role());
        if (("dm".equals(room.roomType()) || "private".equals(room.visibility())) && !member) {
            // IsDMParticipant / private circles: membership is granted, never taken.
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        if (!member && !principal.staff() && principal.trustLevel() < room.minTrustToJoin()) {
            return Optional.of(ErrorCode.FORBIDDEN);
        }
        return Optional.empty();
    }

    /** {@code CanPostInRoom}: may send a message now (rate limits and slow mode are checked separately). */
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

    /** {@code IsRoomModerator}: owner, admin, moderator, or platform staff. */
    public static boolean isModerator(MembershipRecord membership, Principal principal) {
        return principal.staff() || rank(membership.role()) <= rank("moderator");
    }

    /** {@code IsRoomOwnerOrAdmin}. */
    public static boolean isOwnerOrAdmin(MembershipRecord membership, Principal principal) {
        return principal.staff() || rank(membership.role()) <= rank("admin");
    }

    /** Nobody acts on an equal or higher role, and nobody acts on the owner (staff included). */
    public static boolean outranks(MembershipRecord actor, Principal actorPrincipal, String targetRole) {
        if ("owner".equals(targetRole)) {
            return false;
        }
        if (actorPrincipal.staff()) {
            return true;
        }
        return rank(actor.role()) < rank(targetRole);
    }

    /** Position of a role in {@link #ROLES}; unknown roles rank as plain members. */
    public static int rank(String role) {
        int index = ROLES.indexOf(role);
        return index < 0 ? ROLES.indexOf("member") : index;
    }
}
