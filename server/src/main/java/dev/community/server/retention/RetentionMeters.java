package dev.community.server.retention;

/** Names of the retention meters, in one place (Prometheus renders dots as underscores). No tags. */
public final class RetentionMeters {
    /** Counter: expired messages deleted. */
    public static final String PURGED_MESSAGES = "community.retention.purged.messages";
    /** Counter: reactions, reports and queue items deleted with them. */
    public static final String PURGED_DEPENDENTS = "community.retention.purged.dependents";
    /** Timer with a histogram: one purge transaction. */
    public static final String BATCH = "community.retention.batch";
    /**
     * Gauge, seconds: at the end of the last pass, how long the oldest message it deleted had been expired (0 when
     * nothing was due). Growing from pass to pass: the purge does not keep up (a longer interval than the data
     * needs, or a database too busy).
     */
    public static final String LAG = "community.retention.lag.seconds";
    /**
     * Counter, seconds ({@code community_retention_paced_seconds_total}): time the purger waited for its budget
     * ({@code retention.max_rows_per_second}). Rising while the lag grows: the budget is what holds the purge back.
     */
    public static final String PACED = "community.retention.paced";

    private RetentionMeters() {
    }
}
