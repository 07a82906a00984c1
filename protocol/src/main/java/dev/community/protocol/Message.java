package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored message. {@code seq} is assigned by the database when the message is committed; {@code content},
 * {@code attachments} and {@code mentions} are empty for tombstones and, below moderator, for hidden messages.
 * {@code isPinned}: a moderator pinned it (§2.13). {@code myReactions}: the emoji the viewer gave it, sorted — only
 * where the message is rendered for one viewer (REST, room_state, resume, history); null, and so not written, in
 * events encoded once for everyone, where a client keeps what it knows (reactions_updated says whose reaction
 * changed).
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
        @JsonProperty("is_hidden") boolean isHidden,
        @JsonProperty("is_pinned") boolean isPinned,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> myReactions) {

    /** A message nobody pinned, without a viewer's reactions: a fresh one, or one built by a test. */
    public Message(UUID id, UUID roomId, long seq, UUID threadId, User author, String content, String messageType,
                   List<Attachment> attachments, List<String> mentions, UUID replyToId,
                   Map<String, Integer> reactionCounts, Instant createdAt, Instant editedAt, boolean isDeleted,
                   boolean isHidden) {
        this(id, roomId, seq, threadId, author, content, messageType, attachments, mentions, replyToId,
                reactionCounts, createdAt, editedAt, isDeleted, isHidden, false, null);
    }

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
                reactionCounts, createdAt, editedAt, isDeleted, isHidden, isPinned, myReactions);
    }

    /** The same message with other reaction counts. */
    public Message withReactionCounts(Map<String, Integer> counts) {
        return new Message(id, roomId, seq, threadId, author, content, messageType, attachments, mentions, replyToId,
                counts, createdAt, editedAt, isDeleted, isHidden, isPinned, myReactions);
    }

    /** The same message pinned or not. */
    public Message withPinned(boolean pinned) {
        return new Message(id, roomId, seq, threadId, author, content, messageType, attachments, mentions, replyToId,
                reactionCounts, createdAt, editedAt, isDeleted, isHidden, pinned, myReactions);
    }

    /** The same message as one viewer sees it: with the emoji they gave it (null: not known, not written). */
    public Message withMyReactions(List<String> mine) {
        return new Message(id, roomId, seq, threadId, author, content, messageType, attachments, mentions, replyToId,
                reactionCounts, createdAt, editedAt, isDeleted, isHidden, isPinned, mine == null ? null : List.copyOf(mine));
    }

    /** The same message become a tombstone: nothing of what was said, and no longer pinned (§2.13). */
    public Message tombstone() {
        return new Message(id, roomId, seq, threadId, author, "", messageType, attachments, mentions, replyToId,
                reactionCounts, createdAt, editedAt, true, isHidden, false, myReactions);
    }

    public Message withContent(String newContent) {
        return new Message(id, roomId, seq, threadId, author, newContent, messageType, attachments, mentions,
                replyToId, reactionCounts, createdAt, editedAt, isDeleted, isHidden, isPinned, myReactions);
    }
}
