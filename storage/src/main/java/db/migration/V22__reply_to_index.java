package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * An index on {@code messages.reply_to_id}, for the retention purge: deleting a message makes the database check the
 * {@code messages_reply_to_fk} of every other row, which without this index is a scan of the whole table per batch.
 * Partial (only replies), so it stays small. On PostgreSQL built {@code CONCURRENTLY} outside a transaction, so
 * writes go on meanwhile (an interrupted build's INVALID index is dropped and built again); on H2 a plain index.
 */
public class V22__reply_to_index extends BaseJavaMigration {

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean concurrently = dev.community.storage.jdbc.SqlDialect.of(connection).buildsIndexesConcurrently();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement sql = connection.createStatement()) {
            if (concurrently) {
                sql.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " WHERE c.relname = 'messages_reply_to_idx'"
                        + " AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid)"
                        + " THEN DROP INDEX messages_reply_to_idx; END IF; END $$");
                sql.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS messages_reply_to_idx ON messages (reply_to_id)"
                        + " WHERE reply_to_id IS NOT NULL");
            } else {
                sql.execute("CREATE INDEX IF NOT EXISTS messages_reply_to_idx ON messages (reply_to_id)");
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
