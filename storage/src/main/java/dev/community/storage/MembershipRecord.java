package dev.community.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's membership of a room. {@code role} is one of owner, admin, moderator, trusted, member, muted, banned.
 * {@code mutedUntil} / {@code bannedUntil} are null for permanent or absent restrictions; a restriction whose
 * time has passed no longer applies (see {@link #isBanned(Instant)}, {@link #isMuted(Instant)}).
 */
public record MembershipRecord(
        UUID roomId,
        String userId,
        String role,
        Instant mutedUntil,
        Instant bannedUntil,
        long lastReadSeq,
        Instant joinedAt) {

    public boolean isBanned(Instant now) {
        return "banned".equals(role) && (bannedUntil == null || bannedUntil.isAfter(now));
    }

    public boolean isMuted(Instant now) {
        return "muted".equals(role) && (mutedUntil == null || mutedUntil.isAfter(now));
    }

    /**
     * The role as it applies at {@code now}: a mute that has run out reads as "member" (a restriction replaces
     * the role it restricted), a ban that has run out as null (the ban ended the membership).
     */
    public String effectiveRole(Instant now) {
        if ("muted".equals(role) && !isMuted(now)) {
            return "member";
        }
        if ("banned".equals(role) && !isBanned(now)) {
            return null;
        }
        return role;
    }
}
