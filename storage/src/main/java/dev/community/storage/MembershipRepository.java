package dev.community.storage;

import java.util.Optional;
import java.util.UUID;

/** Memberships, roles and read markers. */
public interface MembershipRepository {

    Optional<MembershipRecord> find(UUID roomId, String userId);

    /**
     * Makes the user a member with {@code role} if not yet one (bumping the room's member_count) and returns
     * the membership as stored; an existing membership is returned unchanged.
     */
    MembershipRecord join(UUID roomId, String userId, String role);

    /**
     * Moves the user's read marker forward to {@code seq} (never backwards) and returns the marker with the
     * user's unread count after it.
     */
    ReadMarker markRead(UUID roomId, String userId, long seq);

    /** The user's marker and unread counts in the room (messages after it, not theirs, not deleted). */
    ReadMarker readMarker(UUID roomId, String userId);

    /** @param lastReadSeq the marker; unreadCount / unreadMentions after it */
    record ReadMarker(long lastReadSeq, long unreadCount, long unreadMentions) {
    }
}
