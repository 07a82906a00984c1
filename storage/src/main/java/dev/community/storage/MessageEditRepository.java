package dev.community.storage;

import dev.community.protocol.Message;
import java.util.Optional;
import java.util.UUID;

/**
 * Changes to stored messages after the fact. Each returns the message as stored afterwards, or empty when the
 * room has no such message (or, for edits, it is deleted). Permission checks are the caller's.
 */
public interface MessageEditRepository {

    /** Replaces the content and sets edited_at; a deleted message cannot be edited (empty). */
    Optional<Message> edit(UUID roomId, UUID messageId, String content);

    /**
     * Turns the message into a tombstone: is_deleted, content "" and no attachments or mentions; its seq and
     * place in history stay. Deleting a tombstone again returns it unchanged.
     */
    Optional<Message> delete(UUID roomId, UUID messageId);

    /** Hides or unhides the message (below moderator its content then reads as ""). */
    Optional<Message> setHidden(UUID roomId, UUID messageId, boolean hidden);
}
