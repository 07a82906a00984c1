package dev.community.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the embedded store's sparse chunks, the housekeeping H2's own background thread would do.
 *
 * <p>Why it exists: the store's URL sets {@code WRITE_DELAY=0} so that a commit is in the file before it is
 * acknowledged, and H2 runs its background writer only for a positive write delay — that thread is also the only
 * caller of its chunk compaction. Every commit writes a chunk; a chunk is dropped when none of its pages is live
 * any more, but a B-tree page that is left behind (the left half of a split leaf, a page of a table that is not
 * written again) stays live in its chunk for good. Without compaction such chunks pile up, each with its
 * metadata in the heap (an {@code SFChunk}, its page bitmap, its map entries: about 245 bytes) and its blocks in
 * the file: 25 000 chunks and a 1.8 GB file after a 30-minute soak (docs/RELIABILITY.md, "The embedded store's
 * heap rise"). A pass here moves the live pages of the sparsest chunks into a new one, after which the old chunks
 * are dead and H2 drops them at a later commit, once its retention time (45 s) has passed.
 *
 * <p>It runs on a daemon thread of its own, never an event loop: a pass holds H2's store lock while it rewrites
 * (at most {@link MVStore#getAutoCommitMemory()} bytes, as H2's own pass) and the writer's next commit waits for
 * it.
 */
final class EmbeddedCompaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCompaction.class);

    /** How often a pass runs: a few hundred chunks at the writer's commit rate, a few seconds of work at most. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    /** Chunks whose live share is below this are rewritten: H2's own default ({@code AUTO_COMPACT_FILL_RATE}). */
    static final int TARGET_FILL_RATE = 90;

    private final DataSource dataSource;
    private ScheduledExecutorService scheduler;

    EmbeddedCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts a pass every {@link #INTERVAL}. */
    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "embedded-compaction");
            thread.setDaemon(true);
            return thread;
        });
        long every = INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(this::compactQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * One pass: rewrites the sparse chunks of the store behind the pool, if there are any.
     *
     * @return whether anything was rewritten
     * @throws SQLException when no connection can be had
     */
    boolean compactOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = mvStore(connection);
            if (store == null || store.isClosed() || store.getFileStore() == null) {
                return false; // an in-memory store has no chunks to compact
            }
            return store.compact(TARGET_FILL_RATE, store.getAutoCommitMemory());
        }
    }

    private void compactQuietly() {
        try {
            compactOnce();
        } catch (SQLException | RuntimeException e) {
            // a full disk or a closing store: the next pass tries again, the writer reports its own failures
            LOG.warn("embedded store compaction failed: {}", e.toString());
        }
    }

    /** The H2 store behind a pooled connection (H2 has no SQL statement for an online compaction). */
    private static MVStore mvStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        if (connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                && session.getDatabase().getStore() != null) {
            return session.getDatabase().getStore().getMvStore();
        }
        return null;
    }

    /** Stops the passes; one under way finishes first (for at most a few seconds). */
    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }
}
