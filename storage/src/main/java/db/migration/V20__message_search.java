package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Full-text search on PostgreSQL: a {@code search_vector tsvector} column of {@code messages} ({@code simple}
 * configuration: no stemming, no stop words, so it serves any language; queries add prefix matching) with a GIN
 * index. Written so that it never holds a long lock on a big messages table while a cluster keeps writing:
 *
 * <ol>
 *   <li>The column is added nullable without a default: a catalog change only, no table rewrite. (A
 *       {@code GENERATED ALWAYS AS (...) STORED} column would rewrite the whole table under an ACCESS EXCLUSIVE
 *       lock, blocking every send for as long as that takes on millions of rows; that is why this is a trigger.)
 *   <li>A {@code BEFORE INSERT OR UPDATE OF content} trigger keeps it for every new or edited message from then on.
 *       Creating it takes a brief SHARE ROW EXCLUSIVE lock (no rewrite).
 *   <li>Rows stored before are filled in batches of {@link #BATCH} by id, each batch its own short transaction,
 *       so writers wait at most one batch's row locks (rows are only ever locked by a concurrent edit).
 *   <li>The GIN index is built {@code CONCURRENTLY}: writes go on while it builds.
 * </ol>
 *
 * <p>Hence this migration runs outside a transaction ({@link #canExecuteInTransaction()}), and every step is
 * idempotent, so a migration interrupted half way (the node stopped) completes when run again: after
 * {@code flyway repair}, or by starting the server once the failed entry is removed. An interrupted concurrent index
 * build leaves an INVALID index, which step 4 drops and builds again. The trade-off: a node applying this to a big
 * table starts only after the backfill (about a minute per few million messages); other nodes keep serving.
 *
 * <p>On the embedded H2 store nothing changes: it matches with regular expressions on the content (see
 * {@code H2Dialect.matchSearch}).
 */
public class V20__message_search extends BaseJavaMigration {
    /** Rows filled per transaction: short enough that no writer notices, large enough to finish in minutes. */
    public static final int BATCH = 5_000;

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (!dev.community.storage.jdbc.SqlDialect.of(connection).hasTextSearch()) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE messages ADD COLUMN IF NOT EXISTS search_vector tsvector");
            sql.execute("CREATE OR REPLACE FUNCTION messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN NEW.search_vector := to_tsvector('simple', NEW.content); RETURN NEW; END $$");
            sql.execute("DROP TRIGGER IF EXISTS messages_search_vector ON messages");
            sql.execute("CREATE TRIGGER messages_search_vector BEFORE INSERT OR UPDATE OF content ON messages"
                    + " FOR EACH ROW EXECUTE FUNCTION messages_search_vector()");
            backfill(connection);
            sql.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname = 'messages_search_idx' AND c.relnamespace = current_schema()::regnamespace"
                    + " AND NOT i.indisvalid) THEN DROP INDEX messages_search_idx; END IF; END $$");
            sql.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS messages_search_idx ON messages"
                    + " USING gin (search_vector)");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Fills the column of the rows stored before the trigger: walks the primary key in slices of {@link #BATCH} ids,
     * one short autocommitted UPDATE per slice (never a scan of the rows already done).
     */
    private static void backfill(Connection connection) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT id FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT " + BATCH + ") slice"
                        + " ORDER BY id DESC LIMIT 1");
             PreparedStatement fill = connection.prepareStatement("UPDATE messages"
                     + " SET search_vector = to_tsvector('simple', content)"
                     + " WHERE id > ? AND id <= ? AND search_vector IS NULL")) {
            UUID from = new UUID(0L, 0L); // the nil UUID: below every id in PostgreSQL's byte order
            while (true) {
                next.setObject(1, from);
                UUID to;
                try (ResultSet row = next.executeQuery()) {
                    to = row.next() ? row.getObject(1, UUID.class) : null;
                }
                if (to == null) {
                    return;
                }
                fill.setObject(1, from);
                fill.setObject(2, to);
                fill.executeUpdate();
                from = to;
            }
        }
    }
}
