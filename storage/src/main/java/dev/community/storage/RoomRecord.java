package dev.community.storage;

import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import java.time.Instant;
import java.util.UUID;

/**
 * A room row. {@code lastSeq} is the highest seq stored in the room (0 when empty); {@code retentionDays} the room's
 * own retention, null for the server's default.
 */
public record RoomRecord(
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
        long lastSeq,
        Instant lastMessageAt,
        Instant createdAt,
        Integer retentionDays) {

    /** A room that keeps to the server's retention default. */
    public RoomRecord(UUID id, String name, String slug, RoomType roomType, Visibility visibility, String creatorId,
                      String description, int slowModeSeconds, int minTrustToJoin, int minTrustToPost,
                      long memberCount, long messageCount, long lastSeq, Instant lastMessageAt, Instant createdAt) {
        this(id, name, slug, roomType, visibility, creatorId, description, slowModeSeconds, minTrustToJoin,
                minTrustToPost, memberCount, messageCount, lastSeq, lastMessageAt, createdAt, null);
    }
}
