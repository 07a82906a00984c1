package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Prefix indexes for the people picker ({@code GET /community/users/?q=}: id or username starting with a prefix,
 * case-insensitively). On PostgreSQL, {@code lower(...)} with {@code text_pattern_ops}, so {@code LIKE 'pre%'}
 * is an index range scan whatever the database's collation; built {@code CONCURRENTLY} outside a transaction so
 * sign-ins go on meanwhile (an interrupted build's INVALID index is dropped and built again). H2 has no indexes
 * on expressions: the embedded store scans its users, which at its scale is a few milliseconds.
 */
public class V25__user_search_index extends BaseJavaMigration {

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
        if (!postgres) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement sql = connection.createStatement()) {
            index(sql, "users_username_prefix_idx", "lower(username) text_pattern_ops");
            index(sql, "users_id_prefix_idx", "lower(id) text_pattern_ops");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void index(Statement sql, String name, String expression) throws java.sql.SQLException {
        sql.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = '" + name + "'"
                + " AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid)"
                + " THEN DROP INDEX " + name + "; END IF; END $$");
        sql.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name + " ON users (" + expression + ")");
    }
}
