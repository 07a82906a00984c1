package dev.community.storage;

import dev.community.protocol.Room;
import dev.community.protocol.User;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Direct-message threads. A DM thread is a room of type "dm" (private) with the same id; its participants are
 * the room's active memberships. A 1:1 thread is unique per pair of users: the pair key ("a|b" of the sorted
 * ids) is a unique column, so two users opening it at once from two nodes get the same thread.
 * Whether a block forbids the thread is the caller's check ({@link BlockRepository#isBlockedEitherWay}).
 */
public interface DirectMessageRepository {

    /** The 1:1 thread of the two users, created (both as members) if they have none yet. */
    Opened openDirect(String userId, String otherUserId);

    /** A new group thread: the creator is its owner, the others members. */
    DmThread createGroup(String creatorId, List<String> otherParticipantIds);

    /** The thread as {@code viewerId} sees it; empty when there is no such DM thread. */
    Optional<DmThread> find(UUID threadId, String viewerId);

    /**
     * The user's DM threads, by id (creation order).
     *
     * @param cursor null for the first page
     * @param limit  1..100
     */
    Page<DmThread> listForUser(String userId, String cursor, int limit);

    boolean isParticipant(UUID threadId, String userId);

    /**
     * Whether {@code threadId} is a 1:1 thread one of whose two users blocks the other (then neither may post
     * in it). False for group threads and for ids that are no DM thread. One query: the send path asks it for
     * every message to a DM.
     */
    boolean isBlockedDirect(UUID threadId);

    /**
     * @param room         the DM room as the viewer sees it (unread counts are theirs)
     * @param group        false for a 1:1 thread
     * @param participants active participants, by user id
     */
    /**
     * The active participants of those of {@code roomIds} that are DM threads (other rooms are left out), read on the
     * caller's open transaction: the message writer's, so the webhook outbox's notification.dm recipients are the
     * participants as of the message's commit.
     */
    java.util.Map<java.util.UUID, List<String>> participantsOf(java.sql.Connection transaction,
            java.util.Collection<java.util.UUID> roomIds) throws java.sql.SQLException;

    record DmThread(Room room, boolean group, List<User> participants) {
        public UUID id() {
            return room.id();
        }
    }

    /** @param created false when the 1:1 thread already existed */
    record Opened(DmThread thread, boolean created) {
    }
}
