package dev.community.storage;

import java.time.Duration;
import java.util.UUID;

/**
 * A moderation action to record. {@code action}: warn, mute, unmute, ban, unban, hide, unhide, delete, lock,
 * unlock, pin, unpin, flag (3 reports, or content moderation) or reject (content moderation refused a message
 * before storing it); {@code source}: ai, community, admin or system. Targets and duration may be null.
 */
public record NewModerationAction(
        UUID roomId,
        String action,
        String source,
        String moderatorId,
        String targetUserId,
        UUID targetMessageId,
        UUID targetThreadId,
        String reason,
        Duration duration) {
}
