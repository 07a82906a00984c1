package dev.community.server.retention;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;

/**
 * The purge's pace: at most {@code retention.max_rows_per_second} expired messages deleted per second, as a token
 * bucket (Bucket4j) that the purger pays into after each batch and that parks its thread until the batch is paid
 * for. Flat out, a purge takes a large share of a small database's CPU and disk from the writer (ingest fell to
 * 56 % of its rate during a purge of 1 million rows on a 2-core machine, docs/BENCHMARKS.md); a paced one takes a
 * bounded share, and {@code community_retention_lag_seconds} tells when the budget is too small to keep up.
 *
 * <p>The bucket holds one second of budget (or one batch, if a batch is larger): a purge after a quiet spell starts
 * with that much at once, then goes at the budget's rate. The time spent parked is a counter
 * ({@link RetentionMeters#PACED}), so an operator sees whether the budget is what holds the purge back.
 */
final class PurgeBudget {
    private final Bucket bucket;
    private final BlockingStrategy parking;

    private PurgeBudget(Bucket bucket, BlockingStrategy parking) {
        this.bucket = bucket;
        this.parking = parking;
    }

    /** No pace: every batch follows the previous one at once ({@code retention.max_rows_per_second=0}). */
    static PurgeBudget unlimited() {
        return new PurgeBudget(null, null);
    }

    /** The budget on the monotonic clock, parking the purger's thread. */
    static PurgeBudget of(int rowsPerSecond, int batchSize, Counter pacedSeconds) {
        return rowsPerSecond == 0 ? unlimited()
                : of(rowsPerSecond, batchSize, pacedSeconds, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
    }

    /** The budget on a given clock and way of waiting (tests advance a clock of their own instead of waiting). */
    static PurgeBudget of(int rowsPerSecond, int batchSize, Counter pacedSeconds, TimeMeter time,
                          BlockingStrategy parking) {
        if (rowsPerSecond < 1 || batchSize < 1) {
            throw new IllegalArgumentException("a budget needs at least one row per second and per batch");
        }
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(Math.max(rowsPerSecond, batchSize))
                        .refillGreedy(rowsPerSecond, Duration.ofSeconds(1)).build())
                .withCustomTimePrecision(time)
                .withListener(new ParkedTime(pacedSeconds))
                .build();
        return new PurgeBudget(bucket, parking);
    }

    /**
     * Pays for rows just deleted (at most a batch, and the bucket holds at least one); returns once they are paid
     * for, so the next batch starts within the budget.
     *
     * @throws InterruptedException when the purger is stopped while it waits
     */
    void spend(long rows) throws InterruptedException {
        if (bucket == null || rows <= 0) {
            return;
        }
        bucket.asBlocking().consume(rows, parking);
    }

    /** Counts the nanoseconds the purger was parked, in seconds. */
    private record ParkedTime(Counter pacedSeconds) implements BucketListener {
        @Override
        public void onParked(long nanos) {
            pacedSeconds.increment(nanos / 1e9);
        }

        @Override
        public void onConsumed(long tokens) {
        }

        @Override
        public void onRejected(long tokens) {
        }

        @Override
        public void onInterrupted(InterruptedException e) {
        }

        @Override
        public void onDelayed(long nanos) {
        }
    }
}
