package dev.community.server.moderation;

import dev.community.protocol.User;
import java.util.UUID;

/**
 * What a {@link ContentModerator} is asked about: the text someone wants stored, where and by whom.
 *
 * @param roomType forum, circle or dm — a classifier may be stricter in public rooms
 * @param edit     true for an edit of an existing message, false for a new one
 */
public record ContentReview(UUID roomId, String roomType, User author, String content, boolean edit) {
}
