package dev.community.server.actions;

import java.time.Duration;
import java.util.UUID;

/**
 * What a moderator asks for, read and checked by the transport before any database work: the action, the id of
 * what it is aimed at ({@link ModerationKind#target}), a reason for the audit trail ("" for none) and, for a
 * mute or ban, how long it lasts (null: for good).
 */
public record ModerationRequest(ModerationKind kind, String targetUserId, UUID messageId, UUID threadId, String reason,
                                Duration duration) {
}
