package dev.community.storage;

import dev.community.protocol.Message;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of stored messages. Lists are oldest first (ascending seq). Content is as stored (not redacted). */
public interface MessageRepository {

    /** The newest {@code limit} messages of the room. */
    List<Message> latest(UUID roomId, int limit);

    /** The newest {@code limit} messages with seq < {@code beforeSeq}. */
    List<Message> before(UUID roomId, long beforeSeq, int limit);

    /** The oldest {@code limit} messages with seq > {@code afterSeq}. */
    List<Message> after(UUID roomId, long afterSeq, int limit);

    Optional<Message> findById(UUID roomId, UUID messageId);

    Optional<Message> findByClientId(UUID roomId, String authorId, String clientId);

    /**
     * The REST listing: newest first, cursor-paged by seq (the cursor stands for the last seq returned).
     *
     * @param cursor null for the newest page
     * @param limit  1..100
     */
    Page<Message> page(UUID roomId, String cursor, int limit);
}
