package dev.community.storage;

import dev.community.protocol.Attachment;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A validated message waiting to be stored. {@code id} is a UUIDv7 chosen by the node ({@link Uuids#v7()});
 * {@code seq} is not known until the writer commits it. {@code clientId} may be null.
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
        Instant createdAt) {
}
