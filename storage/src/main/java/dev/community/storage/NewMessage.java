package dev.community.storage;

import dev.community.protocol.Attachment;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A validated message waiting to be stored. {@code id} is a UUIDv7 chosen by the node ({@link Uuids#v7()});
 * {@code seq} is not known until the writer commits it. {@code clientId} may be null.
 *
 * @param hidden stored already hidden (content moderation chose to hide it): it never reaches anyone below
 *               moderator with its content, not even in the new_message of its own commit
 */
public record NewMessage(
        UUID id,
        UUID roomId,
        User author,
        String clientId,
        String content,
        String messageType,
        List<Attachment> attachments,
        List<String> mentions,
        UUID replyToId,
        UUID threadId,
        Instant createdAt,
        boolean hidden) {

    /** A message stored visible, as most are. */
    public NewMessage(UUID id, UUID roomId, User author, String clientId, String content, String messageType,
            List<Attachment> attachments, List<String> mentions, UUID replyToId, UUID threadId, Instant createdAt) {
        this(id, roomId, author, clientId, content, messageType, attachments, mentions, replyToId, threadId, createdAt,
                false);
    }
}
