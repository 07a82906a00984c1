package dev.community.storage;

import java.time.Instant;
import java.util.UUID;

/** A conversation thread within a room; a locked thread takes no new messages ({@code thread_locked}). */
public record ThreadRecord(
        UUID id,
        UUID roomId,
        String title,
        String creatorId,
        boolean locked,
        long messageCount,
        Instant lastMessageAt,
        Instant createdAt) {
}
