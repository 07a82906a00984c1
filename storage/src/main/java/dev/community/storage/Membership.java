package dev.community.storage;

import dev.community.protocol.Role;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's membership of a room: the one home of the rules about a membership over time. A restriction (muted,
 * banned) replaces the role it restricts; {@code mutedUntil} / {@code bannedUntil} are null for a permanent one.
 * A mute that has run out leaves a plain member; a ban, even one that has run out, has ended the membership (the
 * user may join again once it has run out). {@code active} is whether the row is a membership at all: a user who
 * left, a restriction waiting for someone who never joined, and every ban are inactive rows. Nothing else — no
 * SQL, no other class — decides these.
 */
public record Membership(
        UUID roomId,
        String userId,
        Role role,
        Instant mutedUntil,
        Instant bannedUntil,
        long lastReadSeq,
        Instant joinedAt,
        boolean active) {

    /** A member of the room: an active row (a ban ends the membership, also once it has run out; so does leaving). */
    public boolean isMember() {
        return active;
    }

    /** Barred from the room at {@code now}: banned, and the ban has not run out. */
    public boolean isBanned(Instant now) {
        return role == Role.BANNED && (bannedUntil == null || bannedUntil.isAfter(now));
    }

    /** Silenced at {@code now}: muted, and the mute has not run out. */
    public boolean isMuted(Instant now) {
        return role == Role.MUTED && (mutedUntil == null || mutedUntil.isAfter(now));
    }

    /** A member not silenced: may take part (post, react), subject to the room's own gates. */
    public boolean isActive(Instant now) {
        return isMember() && !isMuted(now);
    }

    /**
     * The role as it applies at {@code now}: a mute that has run out reads {@link Role#MEMBER}, a ban that has run out
     * null (the ban ended the membership). This is the role every transport shows and every rule judges by.
     */
    public Role effectiveRole(Instant now) {
        if (role == Role.MUTED && !isMuted(now)) {
            return Role.MEMBER;
        }
        if (role == Role.BANNED && !isBanned(now)) {
            return null;
        }
        return role;
    }

    /** Listed among the room's members at {@code now}: a member, or banned with the ban still running. */
    public boolean isListed(Instant now) {
        return isMember() || isBanned(now);
    }
}
