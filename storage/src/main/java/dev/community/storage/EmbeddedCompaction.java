package dev.community.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
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
 * heap rise"). A pass moves the live pages of the sparsest chunks into a new one ({@link H2ChunkRewrite}), after
 * which the old chunks are dead and H2 drops them once its retention time (45 s) has passed.
 *
 * <p>It runs on a daemon thread of its own, never an event loop. A pass holds H2's store lock while it rewrites,
 * and the writer's next commit waits for it, so a pass is kept small and frequent — as H2's own housekeeping does
 * while the store is busy — and rewrites only chunks that are sparser than the average: passes of 1 MiB every
 * 10 s over any chunk stalled the writer for 200–770 ms each late in an hour's soak (docs/RELIABILITY.md, "The
 * compaction's stalls").
 */
final class EmbeddedCompaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCompaction.class);

    /** How often a pass runs: a few dozen chunks at the writer's commit rate. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /**
     * The share of H2's auto-commit memory one pass may rewrite: 128 KiB at H2's default of 1 MiB, half of what
     * H2's own housekeeping rewrites per pass while the store is busy (its passes may come every 100 ms).
     */
    static final int WRITE_BUDGET_DIVISOR = 8;

    private final DataSource dataSource;
    private final Timer passes;
    private ScheduledExecutorService scheduler;
    /** The store behind the pool, known after the first pass; read by the gauges. */
    private volatile MVStore store;

    EmbeddedCompaction(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.passes = Timer.builder(StorageMeters.EMBEDDED_COMPACTION)
                .description("one compaction pass of the embedded store: how long the writer's next commit may wait")
                .publishPercentileHistogram().register(meters);
        Gauge.builder(StorageMeters.EMBEDDED_CHUNKS_FILL, this, c -> c.fileStoreFigure(FileStore::getChunksFillRate))
                .description("live share of the embedded store's chunks, percent")
                .register(meters);
        Gauge.builder(StorageMeters.EMBEDDED_FILE_SIZE, this, c -> c.fileStoreFigure(FileStore::size))
                .description("size of the embedded store's file").baseUnit("bytes").register(meters);
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
     * One pass: rewrites some of the sparse chunks of the store behind the pool, if there are any.
     *
     * @return whether anything was rewritten
     * @throws SQLException when no connection can be had
     */
    boolean compactOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            MVStore current = mvStore(connection);
            if (current == null || current.isClosed() || current.getFileStore() == null) {
                return false; // an in-memory store has no chunks to compact
            }
            store = current;
            long started = System.nanoTime();
            boolean rewritten = H2ChunkRewrite.step(current, current.getAutoCommitMemory() / WRITE_BUDGET_DIVISOR);
            passes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return rewritten;
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

    private double fileStoreFigure(ToLongFunction<FileStore<?>> figure) {
        MVStore current = store;
        if (current == null || current.isClosed() || current.getFileStore() == null) {
            return Double.NaN;
        }
        return figure.applyAsLong(current.getFileStore());
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

    /** Stops the passes; one under way finishes first. */
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
