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
    /**
     * A room's messages newest first. The room id leads the ORDER BY although the WHERE fixes it: H2 reads an index
     * in order (and stops at the LIMIT) only when the ORDER BY names the index's columns from the first, and
     * otherwise reads every message of the room and sorts them, so that a page of 20 cost as much as the room's
     * history (an hour's soak on the embedded store: the server's CPU rose as the rooms grew, docs/RELIABILITY.md).
     * PostgreSQL drops a sort key fixed by an equality and plans both forms alike. Every form also bounds the seq,
     * the first page by {@link Long#MAX_VALUE}: without a condition on it H2 takes the room's foreign-key index
     * (the room id alone), which is sorted by the room only.
     */
    static final String NEWEST_FIRST = " ORDER BY m.room_id DESC, m.seq DESC ";

    static final String BEFORE = Rows.MESSAGE_SELECT
            + "WHERE m.room_id = ? AND m.seq < ?" + NEWEST_FIRST + "LIMIT ?";
    static final String AFTER = Rows.MESSAGE_SELECT
            + "WHERE m.room_id = ? AND m.seq > ? ORDER BY m.room_id, m.seq LIMIT ?";
    private static final String BY_ID = Rows.MESSAGE_SELECT + "WHERE m.room_id = ? AND m.id = ?";
    static final String BY_CLIENT_ID = Rows.MESSAGE_SELECT
            + "WHERE m.room_id = ? AND m.author_id = ? AND m.client_id = ?";


    private final Jdbc jdbc;

    public JdbcMessageRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Message> latest(UUID roomId, int limit) {
        return oldestFirst(jdbc.list(BEFORE, Rows::message, roomId, Long.MAX_VALUE, limit));
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
        List<Message> rows = jdbc.list(BEFORE, Rows::message, roomId,
                before, limit + 1);
        return Cursors.page(rows, limit, 's', message -> Long.toString(message.seq()));
    }

    private static List<Message> oldestFirst(List<Message> newestFirst) {
        List<Message> copy = new ArrayList<>(newestFirst);
        Collections.reverse(copy);
        return copy;
    }
}
