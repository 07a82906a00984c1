package dev.community.storage.jdbc;

import dev.community.storage.RetentionRepository;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

/** Retention settings and the batched purge, one SQL text for both stores. */
public final class JdbcRetentionRepository implements RetentionRepository {
    private static final String SET_DAYS = "UPDATE rooms SET retention_days = ? WHERE id = ?";
    private static final String ROOMS = "SELECT id, retention_days, purged_through_seq FROM rooms";
    /**
     * Takes the room's row lock first, as the writer's group commit does (so the lock order is the writer's: room row,
     * then messages, then threads), by an update that changes nothing: a plain row update is what both databases lock
     * the same way, and on PostgreSQL it is the FOR NO KEY UPDATE lock, which foreign-key checks do not wait for.
     */
    private static final String LOCK_ROOM = "UPDATE rooms SET purged_through_seq = purged_through_seq WHERE id = ?";
    /** The room's purge mark and the created_at of its oldest kept message (null when none). */
    static final String DUE = "SELECT r.purged_through_seq, (SELECT m.created_at FROM messages m"
            + " WHERE m.room_id = r.id AND m.seq > r.purged_through_seq ORDER BY m.room_id, m.seq LIMIT 1) AS oldest"
            + " FROM rooms r WHERE r.id = ?";
    static final String OLDEST = "SELECT id, seq, created_at, thread_id FROM messages"
            + " WHERE room_id = ? AND seq > (SELECT purged_through_seq FROM rooms WHERE id = ?) ORDER BY room_id, seq LIMIT ?";

    private final Jdbc jdbc;

    public JdbcRetentionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean setRetentionDays(UUID roomId, Integer days) {
        if (days != null && days < 1) {
            throw new IllegalArgumentException("retention_days must be at least 1");
        }
        return jdbc.update(SET_DAYS, days, roomId) == 1;
    }

    @Override
    public List<RoomRetention> rooms(UUID afterId, boolean all, int limit) {
        StringBuilder sql = new StringBuilder(ROOMS).append(" WHERE is_deleted = FALSE");
        List<Object> params = new ArrayList<>();
        if (!all) {
            sql.append(" AND retention_days IS NOT NULL");
        }
        if (afterId != null) {
            sql.append(" AND id > ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit);
        return jdbc.list(sql.toString(), JdbcRetentionRepository::retention, params.toArray());
    }

    @Override
    public RoomRetention find(UUID roomId) {
        return jdbc.one(ROOMS + " WHERE id = ?", JdbcRetentionRepository::retention, roomId).orElse(null);
    }

    private static RoomRetention retention(java.sql.ResultSet row) throws SQLException {
        int days = row.getInt("retention_days");
        Integer own = row.wasNull() ? null : days;
        return new RoomRetention(Jdbc.uuid(row, "id"), own, row.getLong("purged_through_seq"));
    }

    @Override
    public PurgeOutcome purge(UUID roomId, Instant cutoff, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        // most passes find nothing due: answered by one read, without the row lock (and the dead row version an
        // update leaves) that a batch takes
        Optional<Due> due = jdbc.one(DUE, row -> new Due(row.getLong("purged_through_seq"),
                Jdbc.instant(row, "oldest")), roomId);
        if (due.isEmpty() || due.get().oldest == null || !due.get().oldest.isBefore(cutoff)) {
            return new PurgeOutcome(0, 0, due.map(Due::purgedThroughSeq).orElse(0L), null, false);
        }
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, LOCK_ROOM, roomId) == 0) {
                return new PurgeOutcome(0, 0, 0, null, false);
            }
            List<Oldest> oldest = Jdbc.list(c, OLDEST, row -> new Oldest(Jdbc.uuid(row, "id"), row.getLong("seq"),
                    Jdbc.instant(row, "created_at"), Jdbc.uuid(row, "thread_id")), roomId, roomId, limit);
            List<Oldest> expired = new ArrayList<>();
            for (Oldest m : oldest) {
                if (!m.createdAt.isBefore(cutoff)) {
                    break;
                }
                expired.add(m);
            }
            long through = Jdbc.count(c, "SELECT purged_through_seq FROM rooms WHERE id = ?", roomId);
            if (expired.isEmpty()) {
                return new PurgeOutcome(0, 0, through, null, false);
            }
            String ids = marks(expired.size());
            Object[] idParams = expired.stream().map(m -> m.id).toArray();
            int dependents = Jdbc.update(c, "DELETE FROM message_reactions WHERE message_id IN " + ids, idParams)
                    + Jdbc.update(c, "DELETE FROM message_reports WHERE message_id IN " + ids, idParams)
                    + Jdbc.update(c, "DELETE FROM moderation_queue WHERE message_id IN " + ids, idParams)
                    + Jdbc.update(c, "DELETE FROM message_pins WHERE message_id IN " + ids, idParams);
            // a newer reply keeps its place in history; what it replied to is gone
            Jdbc.update(c, "UPDATE messages SET reply_to_id = NULL WHERE reply_to_id IN " + ids, idParams);
            int deleted = Jdbc.update(c, "DELETE FROM messages WHERE id IN " + ids, idParams);
            Map<UUID, Integer> perThread = new HashMap<>();
            expired.stream().filter(m -> m.threadId != null).forEach(m -> perThread.merge(m.threadId, 1, Integer::sum));
            for (Map.Entry<UUID, Integer> thread : perThread.entrySet()) {
                Jdbc.update(c, "UPDATE threads SET message_count = CASE WHEN message_count > ? THEN message_count - ?"
                        + " ELSE 0 END WHERE id = ?", thread.getValue(), thread.getValue(), thread.getKey());
            }
            long newThrough = expired.get(expired.size() - 1).seq;
            Jdbc.update(c, "UPDATE rooms SET purged_through_seq = ?, message_count = CASE WHEN message_count > ?"
                    + " THEN message_count - ? ELSE 0 END WHERE id = ?", newThrough, (long) deleted, (long) deleted, roomId);
            return new PurgeOutcome(deleted, dependents, newThrough, expired.get(0).createdAt,
                    expired.size() == limit);
        });
    }

    private record Due(long purgedThroughSeq, Instant oldest) {
    }

    private record Oldest(UUID id, long seq, Instant createdAt, UUID threadId) {
    }

    private static String marks(int count) {
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < count; i++) {
            marks.add("?");
        }
        return marks.toString();
    }

}
