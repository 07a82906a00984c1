package dev.community.storage;

import java.util.Optional;
import java.util.UUID;

/** The moderation audit trail and the review queue. */
public interface ModerationRepository {

    /** Appends an action to the room's audit trail and returns it as stored. */
    ModerationAction record(NewModerationAction action);

    /**
     * The room's audit trail, newest first.
     *
     * @param cursor null for the first page
     * @param limit  1..100
     */
    Page<ModerationAction> listForRoom(UUID roomId, String cursor, int limit);

    /**
     * Queue items {@code viewerId} may review, newest first: those of rooms where they are an active owner,
     * admin or moderator, or every room's when {@code staff}.
     *
     * @param status null for every status, else one of pending, reviewed, dismissed, actioned
     */
    Page<ModerationQueueItem> queue(String viewerId, boolean staff, String status, String cursor, int limit);

    Optional<ModerationQueueItem> findQueueItem(UUID itemId);

    /**
     * Flags a stored message for review outside the report path (content moderation): marks it flagged, queues
     * it (unless it is queued already) and records a "flag" action with {@code source} against its author, in
     * one transaction.
     *
     * @return the message's queue item; empty when the room has no such message
     */
    Optional<ModerationQueueItem> flagForReview(UUID roomId, UUID messageId, String source, String reason);

    /** Sets the item's status, reviewer and review time; empty when there is no such item. */
    Optional<ModerationQueueItem> review(UUID itemId, String status, String reviewerId);
}
