package dev.community.storage;

import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import java.time.Instant;
import java.util.UUID;

/** A room row. {@code lastSeq} is the highest seq stored in the room (0 when empty). */
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
        Instant createdAt) {
}
