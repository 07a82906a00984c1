package dev.community.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a room's moderation audit trail: who did what to whom, why and from which source (a person, the
 * automatic content check, or community reports). {@code moderatorId} is null for automatic
 * actions; {@code expiresAt} is set for temporary ones.
 */
public record ModerationAction(
        UUID id,
        UUID roomId,
        String action,
        String source,
        String moderatorId,
        String targetUserId,
        UUID targetMessageId,
        UUID targetThreadId,
        String reason,
        Long durationSeconds,
        Instant expiresAt,
        Instant createdAt) {
}
