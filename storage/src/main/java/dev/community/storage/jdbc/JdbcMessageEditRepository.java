package dev.community.storage.jdbc;

import dev.community.protocol.Message;
import dev.community.storage.MessageEditRepository;
import java.util.Optional;
import java.util.UUID;

/** Edits, tombstones and hiding: one UPDATE and a read-back in one transaction each. */
public final class JdbcMessageEditRepository implements MessageEditRepository {
    private static final String EDIT = "UPDATE messages SET content = ?, edited_at = ?"
            + " WHERE room_id = ? AND id = ? AND is_deleted = FALSE";
    private static final String DELETE = "UPDATE messages SET is_deleted = TRUE, content = '', attachments = '[]',"
            + " mentions = '[]' WHERE room_id = ? AND id = ?";
    /** A tombstone is no longer pinned (PROTOCOL.md §2.13): its pin goes in the same transaction. */
    private static final String UNPIN = "DELETE FROM message_pins WHERE message_id = ?";
    private static final String HIDE = "UPDATE messages SET is_hidden = ? WHERE room_id = ? AND id = ?";
    private static final String READ_BACK = Rows.MESSAGE_SELECT + "WHERE m.room_id = ? AND m.id = ?";

    private final Jdbc jdbc;

    public JdbcMessageEditRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Message> edit(UUID roomId, UUID messageId, String content) {
        if (content == null) {
            throw new IllegalArgumentException("content is required");
        }
        return change(false, EDIT, roomId, messageId, content, Jdbc.now(), roomId, messageId);
    }

    @Override
    public Optional<Message> delete(UUID roomId, UUID messageId) {
        return change(true, DELETE, roomId, messageId, roomId, messageId);
    }

    @Override
    public Optional<Message> setHidden(UUID roomId, UUID messageId, boolean hidden) {
        return change(false, HIDE, roomId, messageId, hidden, roomId, messageId);
    }

    private Optional<Message> change(boolean deletes, String sql, UUID roomId, UUID messageId, Object... params) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, sql, params) == 0) {
                return Optional.<Message>empty();
            }
            if (deletes) {
                Jdbc.update(c, UNPIN, messageId); // a tombstone is no longer pinned
            }
            Optional<Message> changed = Jdbc.one(c, READ_BACK, Rows::message, roomId, messageId);
            if (changed.isPresent()) {
                if (deletes) {
                    jdbc.events().messageDeleted(c, changed.get());
                } else {
                    jdbc.events().messageUpdated(c, changed.get());
                }
            }
            return changed;
        });
    }
}
