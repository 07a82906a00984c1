package dev.community.storage.jdbc;

import dev.community.storage.MessageRejectedException;
import dev.community.storage.StorageMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The writer's meters, one set for all its lanes: an operator tunes the writer, not one lane. */
final class WriterMeters {
    /** Messages accepted and not yet committed or failed, over all lanes. */
    final AtomicInteger depth = new AtomicInteger();
    final DistributionSummary batchSizes;
    final Timer commitTimer;
    final Counter stored;
    final Counter failedUnavailable;
    final Counter failedRefused;
    final Counter queueFull;
    final Counter splits;
    final Counter conflictRetries;

    WriterMeters(MeterRegistry meters) {
        Gauge.builder(StorageMeters.WRITER_QUEUE_DEPTH, depth, AtomicInteger::get)
                .description("messages accepted by the writer and not yet committed or failed")
                .register(meters);
        this.batchSizes = DistributionSummary.builder(StorageMeters.WRITER_BATCH_SIZE)
                .description("messages per group commit").register(meters);
        this.commitTimer = Timer.builder(StorageMeters.WRITER_COMMIT)
                .description("one group commit, connection to commit").publishPercentileHistogram().register(meters);
        this.stored = Counter.builder(StorageMeters.WRITER_STORED).description("messages stored").register(meters);
        this.failedUnavailable = Counter.builder(StorageMeters.WRITER_FAILED)
                .tag(StorageMeters.REASON, StorageMeters.REASON_UNAVAILABLE).register(meters);
        this.failedRefused = Counter.builder(StorageMeters.WRITER_FAILED)
                .tag(StorageMeters.REASON, StorageMeters.REASON_REFUSED).register(meters);
        this.queueFull = Counter.builder(StorageMeters.WRITER_QUEUE_FULL)
                .description("submits refused because the writer queue was full").register(meters);
        this.splits = Counter.builder(StorageMeters.WRITER_SPLITS)
                .description("transactions split to isolate refused messages").register(meters);
        this.conflictRetries = Counter.builder(StorageMeters.WRITER_CONFLICT_RETRIES)
                .description("transactions written again because a client_id in them was already stored")
                .register(meters);
    }

    void failed(RuntimeException error) {
        (error instanceof MessageRejectedException ? failedRefused : failedUnavailable).increment();
    }
}
