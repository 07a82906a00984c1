package dev.community.storage;

import java.util.Optional;
import java.util.UUID;

/**
 * Community reports: members flag a message. When a message reaches {@link #FLAG_THRESHOLD} distinct reporters it is
 * flagged, queued for review and a moderation action with source "community" is recorded — all in the
 * transaction of the report that reached the threshold.
 */
public interface ReportRepository {

    /** Distinct reports that flag a message. */
    int FLAG_THRESHOLD = 3;

    /**
     * Records {@code reporterId}'s report of the message.
     *
     * @return empty when the room has no such message
     * @throws ConflictException when this user already reported this message
     */
    Optional<ReportOutcome> report(UUID roomId, UUID messageId, String reporterId, String reason);

    /**
     * @param reportCount distinct reports of the message so far
     * @param flaggedNow  whether this report flagged it (reached the threshold)
     * @param queueItemId its moderation queue item, null while it is not flagged
     */
    record ReportOutcome(int reportCount, boolean flaggedNow, UUID queueItemId) {
    }
}
