package dev.community.storage.jdbc;

import dev.community.storage.NewMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL's insert: the whole batch as one statement over column arrays, {@code INSERT ... SELECT FROM
 * unnest(...) ON CONFLICT DO NOTHING RETURNING id}. One round trip and one parse whatever the batch size (a
 * rewritten JDBC batch is a different statement text for every size, so the server plans most batches afresh),
 * thirteen parameters instead of thirteen per row, and the ids returned tell which rows were skipped.
 */
final class UnnestMessageInsert implements MessageInsert {
    // created_at travels as ISO-8601 text: pgjdbc has no timestamptz[] binding, and the cast is exact to the µs
    private static final String INSERT = PostgresDialect.INSTANCE.insertSkippingDuplicates(
            "INSERT INTO messages (id, room_id, seq, thread_id, author_id, client_id,"
            + " content, message_type, attachments, mentions, reply_to_id, created_at, is_hidden)"
            + " SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::int8[], ?::uuid[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[], ?::bool[])") + " RETURNING id";

    @Override
    public List<MessageRow> insert(Connection c, List<MessageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        int n = rows.size();
        UUID[] ids = new UUID[n];
        UUID[] roomIds = new UUID[n];
        Long[] seqs = new Long[n];
        UUID[] threadIds = new UUID[n];
        String[] authorIds = new String[n];
        String[] clientIds = new String[n];
        String[] contents = new String[n];
        String[] types = new String[n];
        String[] attachments = new String[n];
        String[] mentions = new String[n];
        UUID[] replyToIds = new UUID[n];
        String[] createdAts = new String[n];
        Boolean[] hidden = new Boolean[n];
        for (int i = 0; i < n; i++) {
            MessageRow row = rows.get(i);
            NewMessage m = row.message();
            ids[i] = m.id();
            roomIds[i] = m.roomId();
            seqs[i] = row.seq;
            threadIds[i] = m.threadId();
            authorIds[i] = m.author().id();
            clientIds[i] = m.clientId();
            contents[i] = m.content();
            types[i] = row.messageType;
            attachments[i] = Rows.json(row.attachments);
            mentions[i] = Rows.json(row.mentions);
            replyToIds[i] = m.replyToId();
            createdAts[i] = row.createdAt.toString();
            hidden[i] = m.hidden();
        }
        Set<UUID> inserted = new HashSet<>(n * 2);
        List<Array> arrays = new ArrayList<>(13);
        try (PreparedStatement statement = c.prepareStatement(INSERT)) {
            Object[][] columns = {ids, roomIds, seqs, threadIds, authorIds, clientIds, contents, types, attachments,
                mentions, replyToIds, createdAts, hidden};
            String[] elementTypes = {"uuid", "uuid", "int8", "uuid", "text", "text", "text", "text", "text", "text", "uuid",
                "text", "bool"};
            for (int i = 0; i < columns.length; i++) {
                Array array = c.createArrayOf(elementTypes[i], columns[i]);
                arrays.add(array);
                statement.setArray(i + 1, array);
            }
            try (ResultSet returned = statement.executeQuery()) {
                while (returned.next()) {
                    inserted.add(returned.getObject(1, UUID.class));
                }
            }
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
        if (inserted.size() == n) {
            return List.of();
        }
        List<MessageRow> skipped = new ArrayList<>();
        for (MessageRow row : rows) {
            if (!inserted.contains(row.message().id())) {
                skipped.add(row);
            }
        }
        return skipped;
    }
}
