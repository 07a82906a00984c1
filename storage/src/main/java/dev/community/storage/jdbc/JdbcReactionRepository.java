package dev.community.storage.jdbc;

import dev.community.storage.ReactionRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reactions: under the message's row lock, insert or delete the (message, user, emoji) row, recount the
 * message's reactions from the table and store the counts in reaction_counts, in one transaction.
 */
public final class JdbcReactionRepository implements ReactionRepository {
    static final String LOCK_MESSAGE = "SELECT id FROM messages WHERE room_id = ? AND id = ? AND is_deleted = FALSE"
            + " FOR UPDATE";
    private static final String ADD = "INSERT INTO message_reactions (message_id, user_id, emoji, created_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REMOVE = "DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?";
    private static final String COUNT = "SELECT emoji, COUNT(*) AS n FROM message_reactions WHERE message_id = ?"
            + " GROUP BY emoji";
    private static final String STORE_COUNTS = "UPDATE messages SET reaction_counts = ? WHERE id = ?";

    private final Jdbc jdbc;

    public JdbcReactionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ReactionChange> add(UUID roomId, UUID messageId, String userId, String emoji) {
        requireEmoji(emoji);
        return change(roomId, messageId, c -> Jdbc.update(c, ADD, messageId, userId, emoji, Jdbc.now()));
    }

    @Override
    public Optional<ReactionChange> remove(UUID roomId, UUID messageId, String userId, String emoji) {
        requireEmoji(emoji);
        return change(roomId, messageId, c -> Jdbc.update(c, REMOVE, messageId, userId, emoji));
    }

    private Optional<ReactionChange> change(UUID roomId, UUID messageId, Jdbc.SqlWork<Integer> statement) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.one(c, LOCK_MESSAGE, row -> row.getObject(1), roomId, messageId).isEmpty()) {
                return Optional.<ReactionChange>empty();
            }
            boolean changed = statement.run(c) > 0;
            Map<String, Integer> counts = recount(c, messageId);
            if (changed) {
                Jdbc.update(c, STORE_COUNTS, Rows.json(counts), messageId);
            }
            return Optional.of(new ReactionChange(counts, changed));
        });
    }

    private static Map<String, Integer> recount(Connection c, UUID messageId) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object[] row : Jdbc.list(c, COUNT, r -> new Object[] {r.getString("emoji"), r.getInt("n")}, messageId)) {
            counts.put((String) row[0], (Integer) row[1]);
        }
        return java.util.Collections.unmodifiableMap(counts);
    }

    private static void requireEmoji(String emoji) {
        if (emoji == null || emoji.isEmpty() || emoji.length() > 64) {
            throw new IllegalArgumentException("emoji must be 1..64 characters");
        }
    }
}
