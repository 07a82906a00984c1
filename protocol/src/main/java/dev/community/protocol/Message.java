package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored message (PROTOCOL.md §2.3). {@code seq} is assigned by the database when the message is
 * committed; {@code content} is empty for tombstones and, below moderator, for hidden messages.
 */
public record Message(
        UUID id,
        UUID roomId,
        long seq,
        UUID threadId,
        User author,
        String content,
        String messageType,
        List<Attachment> attachments,
        List<String> mentions,
        UUID replyToId,
        Map<String, Integer> reactionCounts,
        Instant createdAt,
        Instant editedAt,
        @JsonProperty("is_deleted") boolean isDeleted,
        @JsonProperty("is_hidden") boolean isHidden) {

    /** This message as a member below moderator sees it: hidden and deleted content is blanked. */
    public Message redacted() {
        if ((isHidden || isDeleted) && !content.isEmpty()) {
            return withContent("");
        }
        return this;
    }

    public Message withContent(String newContent) {
        return new Message(id, roomId, seq, threadId, author, newContent, messageType, attachments, mentions,
                replyToId, reactionCounts, createdAt, editedAt, isDeleted, isHidden);
    }
}
