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
}
