package dev.community.storage.jdbc;

import dev.community.protocol.User;
import dev.community.storage.PinRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Pins in message_pins. A pin takes the room's row lock first, as the writer and the retention purge do (the same
 * lock order: room row, then the message), so two pins cannot both see room for one more; then the message's row
 * lock, which a delete also takes, so a message being deleted is never pinned as it becomes a tombstone.
 */
public final class JdbcPinRepository implements PinRepository {
    /** A row update that changes nothing: the lock both databases take alike (see JdbcRetentionRepository). */
    private static final String LOCK_ROOM = "UPDATE rooms SET purged_through_seq = purged_through_seq WHERE id = ?";
    private static final String LOCK_MESSAGE = "SELECT is_deleted FROM messages WHERE room_id = ? AND id = ?";
    private static final String IS_PINNED = "SELECT COUNT(*) FROM message_pins WHERE message_id = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM message_pins WHERE room_id = ?";
    private static final String INSERT = "INSERT INTO message_pins (message_id, room_id, pinned_by, pinned_at)"
            + " VALUES (?, ?, ?, ?)";
    private static final String DELETE = "DELETE FROM message_pins WHERE room_id = ? AND message_id = ?";
    private static final String LIST = "SELECT " + Rows.MESSAGE_COLUMNS + ", p.pinned_by,"
            + " COALESCE(pu.username, p.pinned_by) AS pinned_by_username, p.pinned_at"
            + " FROM message_pins p JOIN messages m ON m.id = p.message_id"
            + " LEFT JOIN users u ON u.id = m.author_id LEFT JOIN users pu ON pu.id = p.pinned_by"
            + " WHERE p.room_id = ? ORDER BY p.pinned_at DESC, p.message_id DESC LIMIT ?";

    private final Jdbc jdbc;

    public JdbcPinRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public PinResult pin(UUID roomId, UUID messageId, String pinnedBy, Instant at, int maxPins) {
        if (maxPins < 1) {
            throw new IllegalArgumentException("maxPins must be at least 1");
        }
        // the wire's precision, so the pinned_at announced is the one a later read returns
        Instant pinnedAt = at.truncatedTo(ChronoUnit.MILLIS);
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, LOCK_ROOM, roomId) == 0) {
                return PinResult.NO_SUCH_MESSAGE;
            }
            Optional<Boolean> deleted = Jdbc.one(c, LOCK_MESSAGE + jdbc.dialect().lockRows(), row -> row.getBoolean("is_deleted"), roomId,
                    messageId);
            if (deleted.isEmpty() || deleted.get()) {
                return PinResult.NO_SUCH_MESSAGE;
            }
            if (Jdbc.count(c, IS_PINNED, messageId) > 0) {
                return PinResult.ALREADY_PINNED;
            }
            if (Jdbc.count(c, COUNT, roomId) >= maxPins) {
                return PinResult.ROOM_FULL;
            }
            Jdbc.update(c, INSERT, messageId, roomId, pinnedBy, pinnedAt);
            return PinResult.PINNED;
        });
    }

    @Override
    public boolean unpin(UUID roomId, UUID messageId) {
        return jdbc.update(DELETE, roomId, messageId) > 0;
    }

    @Override
    public List<Pinned> list(UUID roomId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return jdbc.list(LIST, row -> new Pinned(Rows.message(row),
                new User(row.getString("pinned_by"), row.getString("pinned_by_username")),
                Jdbc.instant(row, "pinned_at")), roomId, limit);
    }
}
