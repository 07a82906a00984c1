package dev.community.storage.jdbc;

import dev.community.storage.ModerationAction;
import dev.community.storage.ModerationQueueItem;
import dev.community.storage.ModerationRepository;
import dev.community.storage.NewModerationAction;
import dev.community.storage.Page;
import dev.community.storage.Uuids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The audit trail and the review queue; both list newest first by their UUIDv7 ids. */
public final class JdbcModerationRepository implements ModerationRepository {
    static final Set<String> ACTIONS = Set.of("warn", "mute", "unmute", "ban", "unban", "hide", "unhide", "delete",
            "lock", "unlock", "flag", "reject", "pin", "unpin");
    static final Set<String> SOURCES = Set.of("ai", "community", "admin", "system");
    static final Set<String> STATUSES = Set.of("pending", "reviewed", "dismissed", "actioned");

    private static final String ACTION_COLUMNS = "id, room_id, action, source, moderator_id, target_user_id,"
            + " target_message_id, target_thread_id, reason, duration_seconds, expires_at, created_at";
    private static final String INSERT_ACTION = "INSERT INTO moderation_actions (" + ACTION_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ACTIONS_OF_ROOM = "SELECT " + ACTION_COLUMNS + " FROM moderation_actions"
            + " WHERE room_id = ? ";
    /**
     * A room's actions newest first, before an id (the first page: before the largest UUID); the room id leads the
     * ORDER BY and the id is bounded so that H2 reads the index in order (JdbcMessageRepository#NEWEST_FIRST).
     */
    static final String ROOM_ACTIONS_BEFORE = ACTIONS_OF_ROOM + "AND id < ? ORDER BY room_id, id DESC LIMIT ?";
    private static final UUID LARGEST_ID = new UUID(-1L, -1L);
    private static final String QUEUE_COLUMNS = "q.id, q.room_id, q.message_id, q.reason, q.report_count, q.status,"
            + " q.created_at, q.reviewed_by, q.reviewed_at";
    private static final String QUEUE_SELECT = "SELECT " + QUEUE_COLUMNS + " FROM moderation_queue q ";
    /** Rooms where the viewer may review: an active owner, admin or moderator. */
    private static final String REVIEWABLE = "q.room_id IN (SELECT ms.room_id FROM room_memberships ms"
            + " WHERE ms.user_id = ? AND ms.is_active = TRUE AND ms.role IN ('owner', 'admin', 'moderator'))";
    private static final String LOCK_MESSAGE = "SELECT author_id FROM messages WHERE room_id = ? AND id = ?";
    private static final String FLAG = "UPDATE messages SET is_flagged = TRUE WHERE id = ?";
    private static final String REPORTS = "SELECT COUNT(*) FROM message_reports WHERE message_id = ?";
    private static final String QUEUE = "INSERT INTO moderation_queue (id, room_id, message_id, reason, report_count,"
            + " status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)";
    private static final String REVIEW = "UPDATE moderation_queue SET status = ?, reviewed_by = ?, reviewed_at = ?"
            + " WHERE id = ?";

    private final Jdbc jdbc;

    public JdbcModerationRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ModerationAction record(NewModerationAction a) {
        Jdbc.requireOneOf("action", a.action(), ACTIONS);
        Jdbc.requireOneOf("source", a.source(), SOURCES);
        if (a.duration() != null && (a.duration().isNegative() || a.duration().isZero())) {
            throw new IllegalArgumentException("duration must be positive");
        }
        UUID id = Uuids.v7();
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            insert(c, id, a.roomId(), a.action(), a.source(), a.moderatorId(), a.targetUserId(), a.targetMessageId(),
                    a.targetThreadId(), a.reason(), a.duration() == null ? null : a.duration().toSeconds(), now);
            ModerationAction recorded = Jdbc.one(c, "SELECT " + ACTION_COLUMNS + " FROM moderation_actions WHERE id = ?",
                    JdbcModerationRepository::action, id).orElseThrow();
            jdbc.events().moderationRecorded(c, recorded);
            return recorded;
        });
    }

    /** Inserts an action in the caller's transaction (the report that flags a message records one). */
    static void insert(Connection c, UUID id, UUID roomId, String action, String source, String moderatorId,
            String targetUserId, UUID targetMessageId, UUID targetThreadId, String reason, Long durationSeconds,
            Instant now) throws SQLException {
        Instant expiresAt = durationSeconds == null ? null : now.plusSeconds(durationSeconds);
        Jdbc.update(c, INSERT_ACTION, id, roomId, action, source, moderatorId, targetUserId, targetMessageId,
                targetThreadId, reason == null ? "" : reason, durationSeconds, expiresAt, now);
    }

    @Override
    public Page<ModerationAction> listForRoom(UUID roomId, String cursor, int limit) {
        Cursors.limit(limit);
        UUID before = Cursors.decodeUuid('a', cursor);
        List<ModerationAction> rows = jdbc.list(ROOM_ACTIONS_BEFORE, JdbcModerationRepository::action, roomId,
                before == null ? LARGEST_ID : before, limit + 1);
        return Cursors.page(rows, limit, 'a', action -> action.id().toString());
    }

    @Override
    public Page<ModerationQueueItem> queue(String viewerId, boolean staff, String status, String cursor, int limit) {
        Cursors.limit(limit);
        if (status != null) {
            Jdbc.requireOneOf("status", status, STATUSES);
        }
        UUID before = Cursors.decodeUuid('q', cursor);
        StringBuilder sql = new StringBuilder(QUEUE_SELECT).append("WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!staff) {
            sql.append(" AND ").append(REVIEWABLE);
            params.add(viewerId);
        }
        if (status != null) {
            sql.append(" AND q.status = ?");
            params.add(status);
        }
        if (before != null) {
            sql.append(" AND q.id < ?");
            params.add(before);
        }
        sql.append(" ORDER BY q.id DESC LIMIT ?");
        params.add(limit + 1);
        List<ModerationQueueItem> rows = jdbc.list(sql.toString(), JdbcModerationRepository::queueItem, params.toArray());
        return Cursors.page(rows, limit, 'q', item -> item.id().toString());
    }

    @Override
    public Optional<ModerationQueueItem> findQueueItem(UUID itemId) {
        return jdbc.one(QUEUE_SELECT + "WHERE q.id = ?", JdbcModerationRepository::queueItem, itemId);
    }

    @Override
    public Optional<ModerationQueueItem> flagForReview(UUID roomId, UUID messageId, String source, String reason) {
        Jdbc.requireOneOf("source", source, SOURCES);
        String why = reason == null ? "" : reason;
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            // the same row lock the report path takes, so a report crossing the threshold meanwhile queues nothing twice
            Optional<String> author = Jdbc.one(c, LOCK_MESSAGE + jdbc.dialect().lockRows(), row -> row.getString("author_id"), roomId, messageId);
            if (author.isEmpty()) {
                return Optional.<ModerationQueueItem>empty();
            }
            Jdbc.update(c, FLAG, messageId);
            int reports = (int) Jdbc.count(c, REPORTS, messageId);
            Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(QUEUE), Uuids.v7(), roomId, messageId, why, reports, now);
            insert(c, Uuids.v7(), roomId, "flag", source, null, author.get(), messageId, null, why, null, now);
            jdbc.events().messageFlagged(c, roomId, messageId, author.get(), source, why);
            return Jdbc.one(c, QUEUE_SELECT + "WHERE q.message_id = ?", JdbcModerationRepository::queueItem, messageId);
        });
    }

    @Override
    public Optional<ModerationQueueItem> review(UUID itemId, String status, String reviewerId) {
        Jdbc.requireOneOf("status", status, STATUSES);
        return jdbc.inTransaction(c -> Jdbc.update(c, REVIEW, status, reviewerId, Jdbc.now(), itemId) == 0
                ? Optional.<ModerationQueueItem>empty()
                : Jdbc.one(c, QUEUE_SELECT + "WHERE q.id = ?", JdbcModerationRepository::queueItem, itemId));
    }

    private static ModerationAction action(ResultSet row) throws SQLException {
        long duration = row.getLong("duration_seconds");
        Long durationSeconds = row.wasNull() ? null : duration;
        return new ModerationAction(Jdbc.uuid(row, "id"), Jdbc.uuid(row, "room_id"), row.getString("action"),
                row.getString("source"), row.getString("moderator_id"), row.getString("target_user_id"),
                Jdbc.uuid(row, "target_message_id"), Jdbc.uuid(row, "target_thread_id"), row.getString("reason"),
                durationSeconds, Jdbc.instant(row, "expires_at"), Jdbc.instant(row, "created_at"));
    }

    private static ModerationQueueItem queueItem(ResultSet row) throws SQLException {
        return new ModerationQueueItem(Jdbc.uuid(row, "id"), Jdbc.uuid(row, "room_id"), Jdbc.uuid(row, "message_id"),
                row.getString("reason"), row.getInt("report_count"), row.getString("status"),
                Jdbc.instant(row, "created_at"), row.getString("reviewed_by"), Jdbc.instant(row, "reviewed_at"));
    }
}
