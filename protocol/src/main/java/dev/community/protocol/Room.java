package dev.community.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A room as one user sees it (PROTOCOL.md §2.3): forum, circle or DM. {@code myRole},
 * {@code lastReadSeq}, {@code unreadCount} and {@code unreadMentions} are the viewer's own;
 * {@code null} / 0 where the viewer is not a member.
 */
public record Room(
        UUID id,
        String name,
        String slug,
        String roomType,
        String visibility,
        String creatorId,
        String description,
        int slowModeSeconds,
        int minTrustToJoin,
        int minTrustToPost,
        long memberCount,
        long messageCount,
        Instant lastMessageAt,
        Instant createdAt,
        String myRole,
        Long lastReadSeq,
        long unreadCount,
        long unreadMentions) {
}
