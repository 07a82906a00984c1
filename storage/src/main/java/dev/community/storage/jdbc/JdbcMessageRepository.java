package dev.community.storage.jdbc;

import dev.community.protocol.Message;
import dev.community.storage.MessageRepository;
import dev.community.storage.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of stored messages, all by the (room_id, seq) unique index. */
public final class JdbcMessageRepository implements MessageRepository {
    private static final String LATEST = Rows.MESSAGE_SELECT + "WHERE m.room_id = ? ORDER BY m.seq DESC LIMIT ?";
    private static final String BEFORE = Rows.MESSAGE_SELECT
            + "WHERE m.room_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?";
    private static final String AFTER = Rows.MESSAGE_SELECT
            + "WHERE m.room_id = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?";
    private static final String BY_ID = Rows.MESSAGE_SELECT + "WHERE m.room_id = ? AND m.id = ?";
    static final String BY_CLIENT_ID = Rows.MESSAGE_SELECT
            + "WHERE m.room_id = ? AND m.author_id = ? AND m.client_id = ?";

    private static final String NEWEST = Rows.MESSAGE_SELECT + "WHERE m.room_id = ? ";

    private final Jdbc jdbc;

    public JdbcMessageRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Message> latest(UUID roomId, int limit) {
        return oldestFirst(jdbc.list(LATEST, Rows::message, roomId, limit));
    }

    @Override
    public List<Message> before(UUID roomId, long beforeSeq, int limit) {
        return oldestFirst(jdbc.list(BEFORE, Rows::message, roomId, beforeSeq, limit));
    }

    @Override
    public List<Message> after(UUID roomId, long afterSeq, int limit) {
        return jdbc.list(AFTER, Rows::message, roomId, afterSeq, limit);
    }

    @Override
    public Optional<Message> findById(UUID roomId, UUID messageId) {
        return jdbc.one(BY_ID, Rows::message, roomId, messageId);
    }

    @Override
    public Optional<Message> findByClientId(UUID roomId, String authorId, String clientId) {
        return jdbc.one(BY_CLIENT_ID, Rows::message, roomId, authorId, clientId);
    }

    @Override
    public Page<Message> page(UUID roomId, String cursor, int limit) {
        Cursors.limit(limit);
        long before = Cursors.decodeLong('s', cursor, Long.MAX_VALUE);
        List<Message> rows = jdbc.list(NEWEST + "AND m.seq < ? ORDER BY m.seq DESC LIMIT ?", Rows::message, roomId,
                before, limit + 1);
        return Cursors.page(rows, limit, 's', message -> Long.toString(message.seq()));
    }

    private static List<Message> oldestFirst(List<Message> newestFirst) {
        List<Message> copy = new ArrayList<>(newestFirst);
        Collections.reverse(copy);
        return copy;
    }
}
