package dev.community.storage.jdbc;

import dev.community.storage.ConflictException;
import dev.community.storage.ReportRepository;
import dev.community.storage.Uuids;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports, serialised per message by its row lock so exactly one report crosses the flag threshold; that
 * report's transaction also flags the message, queues it and records the community moderation action.
 */
public final class JdbcReportRepository implements ReportRepository {
    private static final String LOCK_MESSAGE = "SELECT author_id, is_flagged FROM messages WHERE room_id = ? AND id = ?";
    private static final String INSERT = "INSERT INTO message_reports (message_id, reporter_id, reason, created_at)"
            + " VALUES (?, ?, ?, ?)";
    private static final String COUNT = "SELECT COUNT(*) FROM message_reports WHERE message_id = ?";
    private static final String FLAG = "UPDATE messages SET is_flagged = TRUE WHERE id = ?";
    private static final String QUEUE = "INSERT INTO moderation_queue (id, room_id, message_id, reason, report_count,"
            + " status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)";
    private static final String RECOUNT = "UPDATE moderation_queue SET report_count = ? WHERE message_id = ?";
    private static final String QUEUE_ID = "SELECT id FROM moderation_queue WHERE message_id = ?";

    private final Jdbc jdbc;

    public JdbcReportRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ReportOutcome> report(UUID roomId, UUID messageId, String reporterId, String reason) {
        String why = reason == null ? "" : reason;
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            Optional<Object[]> message = Jdbc.one(c, LOCK_MESSAGE + jdbc.dialect().lockRows(),
                    row -> new Object[] {row.getString("author_id"), row.getBoolean("is_flagged")}, roomId, messageId);
            if (message.isEmpty()) {
                return Optional.<ReportOutcome>empty();
            }
            if (Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT), messageId, reporterId, why, now) == 0) {
                throw new ConflictException("already reported this message");
            }
            int reports = (int) Jdbc.count(c, COUNT, messageId);
            boolean alreadyFlagged = (Boolean) message.get()[1];
            boolean flaggedNow = false;
            if (reports >= FLAG_THRESHOLD && !alreadyFlagged) {
                Jdbc.update(c, FLAG, messageId);
                String queueReason = reports + " community reports";
                Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(QUEUE), Uuids.v7(), roomId, messageId, queueReason, reports, now);
                JdbcModerationRepository.insert(c, Uuids.v7(), roomId, "flag", "community", null,
                        (String) message.get()[0], messageId, null, queueReason, null, now);
                jdbc.events().messageFlagged(c, roomId, messageId, (String) message.get()[0], "community",
                        queueReason);
                flaggedNow = true;
            } else if (alreadyFlagged) {
                Jdbc.update(c, RECOUNT, reports, messageId);
            }
            UUID queueItem = Jdbc.one(c, QUEUE_ID, row -> Jdbc.uuid(row, "id"), messageId).orElse(null);
            return Optional.of(new ReportOutcome(reports, flaggedNow, queueItem));
        });
    }
}
