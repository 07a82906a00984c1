package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Keeps the search index's pending list short on PostgreSQL ({@code gin_pending_list_limit} 256 kB instead of the
 * server-wide default, 4 MB). A GIN index with fast update collects new entries in a pending list, and the insert
 * that finds the list full merges all of it into the index before its statement returns: with 4 MB that insert
 * stalled a writer lane for 100–600 ms every second or two under steady ingest, which was the tail of the
 * acknowledgement latency (docs/BENCHMARKS.md, "The search index's pending list"). A short list is merged more
 * often, in small pieces: 256 kB halved the ack p99 for about a tenth of the ingest rate, 64 kB (the least allowed)
 * cost a fifth for no better tail. Changing the parameter only updates the catalog; the embedded store has no such
 * index.
 */
public class V28__search_index_short_pending_list extends BaseJavaMigration {
    /** In kilobytes. */
    public static final int PENDING_LIST_KB = 256;

    @Override
    public void migrate(Context context) throws Exception {
        if (!dev.community.storage.jdbc.SqlDialect.of(context.getConnection()).hasTextSearch()) {
            return;
        }
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute("ALTER INDEX messages_search_idx SET (gin_pending_list_limit = " + PENDING_LIST_KB + ")");
        }
    }
}
