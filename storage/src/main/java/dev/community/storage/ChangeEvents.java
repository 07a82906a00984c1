package dev.community.storage;

import dev.community.protocol.Message;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Told of a committed-to-be change inside the transaction that makes it, on that transaction's connection, by the
 * repository that makes it: whatever path caused it (REST, the socket, content moderation, the admin API), the
 * webhook outbox rows describing it are written in the same transaction (docs/PROTOCOL.md §6). Implementations run
 * statements on {@code transaction} only, must be quick, and fail the change when they throw. Every method does
 * nothing by default ({@link #NONE}).
 */
public interface ChangeEvents extends StoredMessageOutbox {
    ChangeEvents NONE = new ChangeEvents() {
    };

    @Override
    default void storing(Connection transaction, List<Message> messages) throws SQLException {
    }

    /** An edit, hide or unhide: the message as stored afterwards. */
    default void messageUpdated(Connection transaction, Message message) throws SQLException {
    }

    /** The message became a tombstone. */
    default void messageDeleted(Connection transaction, Message tombstone) throws SQLException {
    }

    /** The message was flagged and queued for review, by content moderation or by community reports. */
    default void messageFlagged(Connection transaction, UUID roomId, UUID messageId, String authorId, String source,
                                String reason) throws SQLException {
    }

    /** An entry of the audit trail: a moderator's action or content moderation's rejection or hiding. */
    default void moderationRecorded(Connection transaction, ModerationAction action) throws SQLException {
    }

    /** A user became an active member (a first join, or back after leaving). */
    default void memberJoined(Connection transaction, Membership membership) throws SQLException {
    }

    /** An active member left the room. */
    default void memberLeft(Connection transaction, UUID roomId, String userId) throws SQLException {
    }

    default void roomCreated(Connection transaction, RoomRecord room) throws SQLException {
    }

    default void roomUpdated(Connection transaction, RoomRecord room) throws SQLException {
    }

    /** A DM thread was opened for the first time (1:1) or created (group). */
    default void dmCreated(Connection transaction, UUID roomId, boolean group, String creatorId,
                           List<String> participantIds) throws SQLException {
    }
}
