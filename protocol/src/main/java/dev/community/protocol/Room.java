package dev.community.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A room as one user sees it: forum, circle or DM. {@code myRole} (the role as it applies now: a mute that has run
 * out reads member), {@code lastReadSeq}, {@code unreadCount} and {@code unreadMentions} are the viewer's own;
 * {@code null} / 0 where the viewer is not a member. {@code retentionDays}: the room's own retention (set by its
 * owner or an admin), null when the server's {@code retention.default_days} applies.
 */
public record Room(
        UUID id,
        String name,
        String slug,
        RoomType roomType,
        Visibility visibility,
        String creatorId,
        String description,
        int slowModeSeconds,
        int minTrustToJoin,
        int minTrustToPost,
        long memberCount,
        long messageCount,
        Instant lastMessageAt,
        Instant createdAt,
        Role myRole,
        Long lastReadSeq,
        long unreadCount,
        long unreadMentions,
        Integer retentionDays) {
}
