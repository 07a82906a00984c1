package dev.community.storage;

/**
 * Names of the storage meters, in one place. Dotted Micrometer names; the Prometheus registry renders them
 * with underscores and its unit / {@code _total} suffixes (e.g. {@code community_writer_messages_stored_total}).
 * No tag carries a user or room id; the only tag is {@code reason} with two values.
 * HikariCP registers its own pool meters ({@code hikaricp_*}) with pool name {@code community}.
 */
public final class StorageMeters {
    /** Gauge: messages accepted by the writer and not yet committed or failed. */
    public static final String WRITER_QUEUE_DEPTH = "community.writer.queue.depth";

    /** Distribution summary: messages taken from the queue into one group commit. */
    public static final String WRITER_BATCH_SIZE = "community.writer.batch.size";

    /** Timer with a histogram: one group commit, from taking a connection to the end of the commit. */
    public static final String WRITER_COMMIT = "community.writer.commit";

    /** Counter: messages stored as new rows (a resent client_id that resolves to a stored one is not counted). */
    public static final String WRITER_STORED = "community.writer.messages.stored";

    /**
     * Counter: messages that failed, tag {@link #REASON}: {@link #REASON_UNAVAILABLE} (connection lost, commit
     * failed, shut down) or {@link #REASON_REFUSED} (the database refused that one row).
     */
    public static final String WRITER_FAILED = "community.writer.messages.failed";

    /**
     * Counter: transactions split in two to isolate what the database refused (a steady rise means bad rows
     * reach the writer that validation should have stopped).
     */
    public static final String WRITER_SPLITS = "community.writer.batch.splits";

    /** Counter: submits refused at once because the writer queue was full. */
    public static final String WRITER_QUEUE_FULL = "community.writer.queue.full";

    /**
     * Counter: transactions rolled back and written again because a client_id in them was already stored (a resend
     * after a lost acknowledgement); only those rows' stored messages are then read.
     */
    public static final String WRITER_CONFLICT_RETRIES = "community.writer.conflict.retries";

    /**
     * Timer with a histogram: one compaction pass of the embedded store ({@code EmbeddedCompaction}), which holds
     * H2's store lock: the writer's next commit may wait as long.
     */
    public static final String EMBEDDED_COMPACTION = "community.embedded.compaction";

    /** Gauge: the live share of the embedded store's chunks, percent. */
    public static final String EMBEDDED_CHUNKS_FILL = "community.embedded.chunks.fill";

    /** Gauge: the size of the embedded store's file, bytes. */
    public static final String EMBEDDED_FILE_SIZE = "community.embedded.file.size";

    public static final String REASON = "reason";
    public static final String REASON_UNAVAILABLE = "unavailable";
    public static final String REASON_REFUSED = "refused";

    private StorageMeters() {
    }
}
