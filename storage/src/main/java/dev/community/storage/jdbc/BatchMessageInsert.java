package dev.community.storage.jdbc;

import dev.community.storage.NewMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store's insert: one JDBC batch of single-row {@code INSERT ... ON CONFLICT DO NOTHING}; H2 runs
 * statements in-process, so there is no round trip to save, and its update count 0 marks a skipped row.
 */
final class BatchMessageInsert implements MessageInsert {
    private static final String INSERT = H2Dialect.INSTANCE.insertSkippingDuplicates(
            "INSERT INTO messages (id, room_id, seq, thread_id, author_id, client_id,"
            + " content, message_type, attachments, mentions, reply_to_id, created_at, is_hidden)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

    @Override
    public List<MessageRow> insert(Connection c, List<MessageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        int[] counts;
        try (PreparedStatement statement = c.prepareStatement(INSERT)) {
            for (MessageRow row : rows) {
                NewMessage m = row.message();
                Jdbc.bind(statement, m.id(), m.roomId(), row.seq, m.threadId(), m.author().id(), m.clientId(),
                        m.content(), row.messageType, Rows.json(row.attachments), Rows.json(row.mentions),
                        m.replyToId(), row.createdAt, m.hidden());
                statement.addBatch();
            }
            counts = statement.executeBatch();
        }
        List<MessageRow> skipped = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (counts[i] == 0) {
                skipped.add(rows.get(i));
            }
        }
        return skipped;
    }
}
