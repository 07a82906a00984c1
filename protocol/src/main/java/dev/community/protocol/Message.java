package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored message. {@code seq} is assigned by the database when the message is committed; {@code content},
 * {@code attachments} and {@code mentions} are empty for tombstones and, below moderator, for hidden messages.
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

    /**
     * This message as a member below moderator sees it: a hidden or deleted message shows nothing of what was
     * said — no content, no attachments (a file name or URL says as much as text), no mentions.
     */
    public Message redacted() {
        boolean blank = content.isEmpty() && (attachments == null || attachments.isEmpty())
                && (mentions == null || mentions.isEmpty());
        if (!(isHidden || isDeleted) || blank) {
            return this;
        }
        return new Message(id, roomId, seq, threadId, author, "", messageType, List.of(), List.of(), replyToId,
                reactionCounts, createdAt, editedAt, isDeleted, isHidden);
    }

    /** The same message with other reaction counts. */
    public Message withReactionCounts(Map<String, Integer> counts) {
        return new Message(id, roomId, seq, threadId, author, content, messageType, attachments, mentions, replyToId,
                counts, createdAt, editedAt, isDeleted, isHidden);
    }

    public Message withContent(String newContent) {
        return new Message(id, roomId, seq, threadId, author, newContent, messageType, attachments, mentions,
                replyToId, reactionCounts, createdAt, editedAt, isDeleted, isHidden);
    }
}
