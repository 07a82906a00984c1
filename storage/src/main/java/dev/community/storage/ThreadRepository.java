package dev.community.storage;

import java.util.Optional;
import java.util.UUID;

/** Threads within rooms. Their message_count / last_message_at move with the writer's commits. */
public interface ThreadRepository {

    ThreadRecord create(UUID roomId, String title, String creatorId);

    Optional<ThreadRecord> find(UUID threadId);

    /**
     * The room's threads, oldest first.
     *
     * @param cursor null for the first page
     * @param limit  1..100
     */
    Page<ThreadRecord> list(UUID roomId, String cursor, int limit);

    /** Locks or unlocks the thread; empty when there is no such thread. */
    Optional<ThreadRecord> setLocked(UUID threadId, boolean locked);
}
