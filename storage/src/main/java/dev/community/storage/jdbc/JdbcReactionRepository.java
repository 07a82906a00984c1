package dev.community.storage.jdbc;

import dev.community.storage.ReactionRefusedException;
import dev.community.storage.ReactionRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reactions: under the message's row lock, insert or delete the (message, user, emoji) row, recount the
 * message's reactions from the table and store the counts in reaction_counts, in one transaction.
 */
public final class JdbcReactionRepository implements ReactionRepository {
    static final String LOCK_MESSAGE = "SELECT is_hidden FROM messages WHERE room_id = ? AND id = ? AND is_deleted = FALSE";
    private static final String HAS_EMOJI = "SELECT COUNT(*) FROM message_reactions WHERE message_id = ? AND emoji = ?";
    private static final String ADD = "INSERT INTO message_reactions (message_id, user_id, emoji, created_at)"
            + " VALUES (?, ?, ?, ?)";
    private static final String REMOVE = "DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?";
    private static final String COUNT = "SELECT emoji, COUNT(*) AS n FROM message_reactions WHERE message_id = ?"
            + " GROUP BY emoji";
    private static final String STORE_COUNTS = "UPDATE messages SET reaction_counts = ? WHERE id = ?";

    /** Message ids per read of {@link #mine}: well within every driver's bind-parameter limit. */
    private static final int MINE_CHUNK = 500;

    private final Jdbc jdbc;

    public JdbcReactionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Under the message's row lock: a hidden message takes no reaction, and an emoji new to the message only while
     * it carries fewer than {@code maxDistinct} (so concurrent adds cannot overshoot the cap).
     */
    @Override
    public Optional<ReactionChange> add(UUID roomId, UUID messageId, String userId, String emoji, int maxDistinct) {
        requireEmoji(emoji);
        return change(roomId, messageId, (c, hidden) -> {
            if (hidden) {
                throw new ReactionRefusedException(ReactionRefusedException.Reason.HIDDEN,
                        "the message is hidden by moderation");
            }
            if (Jdbc.count(c, HAS_EMOJI, messageId, emoji) == 0 && recount(c, messageId).size() >= maxDistinct) {
                throw new ReactionRefusedException(ReactionRefusedException.Reason.TOO_MANY_DISTINCT,
                        "too many distinct reactions: a message carries at most " + maxDistinct);
            }
            return Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(ADD), messageId, userId, emoji, Jdbc.now());
        });
    }

    /** Removing is always allowed, a hidden message included: it only takes something away. */
    @Override
    public Optional<ReactionChange> remove(UUID roomId, UUID messageId, String userId, String emoji) {
        requireEmoji(emoji);
        return change(roomId, messageId, (c, hidden) -> Jdbc.update(c, REMOVE, messageId, userId, emoji));
    }

    /** A statement run under the message's lock, told whether the message is hidden; returns rows changed. */
    private interface LockedChange {
        int run(Connection c, boolean hidden) throws SQLException;
    }

    private Optional<ReactionChange> change(UUID roomId, UUID messageId, LockedChange statement) {
        return jdbc.inTransaction(c -> {
            Optional<Boolean> hidden = Jdbc.one(c, LOCK_MESSAGE + jdbc.dialect().lockRows(), row -> row.getBoolean(1), roomId, messageId);
            if (hidden.isEmpty()) {
                return Optional.<ReactionChange>empty();
            }
            boolean changed = statement.run(c, hidden.get()) > 0;
            Map<String, Integer> counts = recount(c, messageId);
            if (changed) {
                Jdbc.update(c, STORE_COUNTS, Rows.json(counts), messageId);
            }
            return Optional.of(new ReactionChange(counts, changed));
        });
    }

    @Override
    public Map<UUID, List<String>> mine(String userId, Collection<UUID> messageIds) {
        List<UUID> ids = List.copyOf(new java.util.LinkedHashSet<>(messageIds));
        Map<UUID, List<String>> mine = new HashMap<>();
        for (int from = 0; from < ids.size(); from += MINE_CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + MINE_CHUNK));
            StringJoiner marks = new StringJoiner(", ", "(", ")");
            chunk.forEach(id -> marks.add("?"));
            Object[] params = new Object[chunk.size() + 1];
            params[0] = userId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 1] = chunk.get(i);
            }
            jdbc.list("SELECT message_id, emoji FROM message_reactions WHERE user_id = ? AND message_id IN " + marks
                    + " ORDER BY message_id, emoji", row -> {
                        mine.computeIfAbsent(Jdbc.uuid(row, "message_id"), k -> new ArrayList<>())
                                .add(row.getString("emoji"));
                        return null;
                    }, params);
        }
        mine.replaceAll((id, emoji) -> List.copyOf(new java.util.TreeSet<>(emoji)));
        return mine;
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
