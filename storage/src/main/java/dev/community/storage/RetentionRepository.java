package dev.community.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Message retention: each room's own {@code retention_days} (null = the server's default) and the purge that removes
 * expired messages from the oldest up, in small batches. Which rooms to purge and with what cutoff is the caller's
 * decision ({@code RetentionPurger} in the server); this only reads the settings and deletes a batch.
 */
public interface RetentionRepository {

    /** Sets (or with null clears) the room's own retention; false when there is no such room. */
    boolean setRetentionDays(UUID roomId, Integer days);

    /**
     * The rooms by id after {@code afterId} (null: from the first), at most {@code limit}, with their retention
     * settings: every room when {@code all} (a server default applies to rooms without their own), otherwise only
     * rooms with a retention of their own.
     */
    List<RoomRetention> rooms(UUID afterId, boolean all, int limit);

    /** A room's retention setting (null = the server default) and how far it has been purged. */
    RoomRetention find(UUID roomId);

    /**
     * Deletes, in one short transaction, at most {@code limit} of the room's oldest messages created before
     * {@code cutoff}, stopping at the first one that is not (so the purged range is always seq 1..n, never a hole in
     * the middle), with their reactions, reports and review-queue items; replies to them keep their place and lose
     * their {@code reply_to_id}; the room's and threads' message counts go down and {@code purged_through_seq} up.
     * Concurrent purges of one room (several nodes) take turns on the room's row, the same lock a group commit takes
     * for the room, so a batch holds up that room's writes for at most its own duration.
     */
    PurgeOutcome purge(UUID roomId, Instant cutoff, int limit);

    /** @param retentionDays the room's own setting, null for the server default */
    record RoomRetention(UUID roomId, Integer retentionDays, long purgedThroughSeq) {
    }

    /**
     * @param messages         messages deleted
     * @param dependents       reactions, reports, queue items and pins deleted with them
     * @param purgedThroughSeq the room's purged_through_seq afterwards
     * @param oldestExpired    the created_at of the oldest expired message the batch found (null: none), for the lag
     * @param more             whether expired messages may remain (the batch was full)
     */
    record PurgeOutcome(int messages, int dependents, long purgedThroughSeq, Instant oldestExpired, boolean more) {
    }
}
