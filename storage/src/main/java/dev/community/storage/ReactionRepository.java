package dev.community.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;

/**
 * Emoji reactions, once per user, message and emoji. The message's reaction_counts column is recomputed from
 * the reactions in the same transaction, under the message's row lock, so it never drifts.
 */
public interface ReactionRepository {

    /**
     * Adds the user's reaction; empty when the room has no such (undeleted) message.
     *
     * @param maxDistinct the most distinct emoji the message may carry; a new emoji beyond it is refused
     * @throws ReactionRefusedException when the message is hidden, or {@code emoji} would be one too many
     */
    Optional<ReactionChange> add(UUID roomId, UUID messageId, String userId, String emoji, int maxDistinct);

    /** Removes the user's reaction; empty when the room has no such (undeleted) message. */
    Optional<ReactionChange> remove(UUID roomId, UUID messageId, String userId, String emoji);

    /**
     * The emoji {@code userId} gave each of {@code messageIds}, sorted; a message they did not react to is absent.
     * One read by the primary key (message_id, user_id, emoji), in chunks for long lists.
     */
    Map<UUID, List<String>> mine(String userId, Collection<UUID> messageIds);

    /**
     * @param reactionCounts the message's counts afterwards, by emoji
     * @param changed        false when the reaction already was (add) or was not (remove) there
     */
    record ReactionChange(Map<String, Integer> reactionCounts, boolean changed) {
    }
}
