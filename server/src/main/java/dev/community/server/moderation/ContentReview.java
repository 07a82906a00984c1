package dev.community.server.moderation;

import dev.community.protocol.Attachment;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import java.util.List;
import java.util.UUID;

/**
 * What a {@link ContentModerator} is asked about: what someone wants stored, where and by whom. An attachment's
 * name and URL say as much as text does, so they are reviewed with it.
 *
 * @param roomType    forum, circle or dm — a classifier may be stricter in public rooms
 * @param attachments the message's attachments (empty for an edit, which changes only the text)
 * @param edit        true for an edit of an existing message, false for a new one
 */
public record ContentReview(UUID roomId, RoomType roomType, User author, String content, List<Attachment> attachments,
                            boolean edit) {

    public ContentReview {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A review of text alone (an edit, or a message without attachments). */
    public ContentReview(UUID roomId, RoomType roomType, User author, String content, boolean edit) {
        this(roomId, roomType, author, content, List.of(), edit);
    }

    /** Everything a filter must look at, one part per line: the text, then each attachment's name and URL. */
    public String reviewedText() {
        if (attachments.isEmpty()) {
            return content;
        }
        StringBuilder text = new StringBuilder(content);
        for (Attachment attachment : attachments) {
            text.append('\n').append(attachment.name()).append('\n').append(attachment.url());
        }
        return text.toString();
    }
}
