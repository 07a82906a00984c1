package dev.community.storage.jdbc;

import dev.community.storage.Page;
import dev.community.storage.ThreadRecord;
import dev.community.storage.ThreadRepository;
import dev.community.storage.Uuids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Threads within rooms, listed oldest first by their UUIDv7 ids. */
public final class JdbcThreadRepository implements ThreadRepository {
    private static final String SELECT = "SELECT id, room_id, title, creator_id, is_locked, message_count,"
            + " last_message_at, created_at FROM threads ";
    /**
     * A room's threads by id, after an id (the first page: after the nil UUID, which no thread has); the room id leads
     * the ORDER BY and the id is bounded so that H2 reads the index in order (JdbcMessageRepository#NEWEST_FIRST).
     */
    static final String ROOM_THREADS_AFTER = SELECT + "WHERE room_id = ? AND id > ? ORDER BY room_id, id LIMIT ?";
    private static final String INSERT = "INSERT INTO threads (id, room_id, title, creator_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?)";

    private final Jdbc jdbc;

    public JdbcThreadRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ThreadRecord create(UUID roomId, String title, String creatorId) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        UUID id = Uuids.v7();
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, INSERT, id, roomId, title, creatorId, Jdbc.now());
            return Jdbc.one(c, SELECT + "WHERE id = ?", JdbcThreadRepository::thread, id).orElseThrow();
        });
    }

    @Override
    public Optional<ThreadRecord> find(UUID threadId) {
        return jdbc.one(SELECT + "WHERE id = ?", JdbcThreadRepository::thread, threadId);
    }

    @Override
    public Page<ThreadRecord> list(UUID roomId, String cursor, int limit) {
        Cursors.limit(limit);
        UUID after = Cursors.decodeUuid('t', cursor);
        List<ThreadRecord> rows = jdbc.list(ROOM_THREADS_AFTER, JdbcThreadRepository::thread, roomId,
                after == null ? new UUID(0L, 0L) : after, limit + 1);
        return Cursors.page(rows, limit, 't', thread -> thread.id().toString());
    }

    @Override
    public Optional<ThreadRecord> setLocked(UUID threadId, boolean locked) {
        return jdbc.inTransaction(c -> Jdbc.update(c, "UPDATE threads SET is_locked = ? WHERE id = ?", locked, threadId) == 0
                ? Optional.<ThreadRecord>empty()
                : Jdbc.one(c, SELECT + "WHERE id = ?", JdbcThreadRepository::thread, threadId));
    }

    private static ThreadRecord thread(ResultSet row) throws SQLException {
        return new ThreadRecord(Jdbc.uuid(row, "id"), Jdbc.uuid(row, "room_id"), row.getString("title"),
                row.getString("creator_id"), row.getBoolean("is_locked"), row.getLong("message_count"),
                Jdbc.instant(row, "last_message_at"), Jdbc.instant(row, "created_at"));
    }
}
