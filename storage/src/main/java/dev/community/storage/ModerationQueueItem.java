package dev.community.storage;

import java.time.Instant;
import java.util.UUID;

/** A flagged message awaiting review; {@code status} is pending, reviewed, dismissed or actioned. */
public record ModerationQueueItem(
        UUID id,
        UUID roomId,
        UUID messageId,
        String reason,
        int reportCount,
        String status,
        Instant createdAt,
        String reviewedBy,
        Instant reviewedAt) {
}
