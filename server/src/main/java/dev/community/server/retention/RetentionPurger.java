package dev.community.server.retention;

import dev.community.config.ServerConfig.RetentionConfig;
import dev.community.server.room.RoomRegistry;
import dev.community.storage.RetentionRepository;
import dev.community.storage.RetentionRepository.PurgeOutcome;
import dev.community.storage.RetentionRepository.RoomRetention;
import dev.community.storage.StorageUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired messages: every {@code retention.purge_interval_seconds} one pass over the rooms that have a
 * retention (their own {@code retention_days}, else {@code retention.default_days}), each purged oldest first in
 * transactions of {@code retention.batch_size} until nothing expired is left, at most
 * {@code retention.max_rows_per_second} ({@link PurgeBudget}). Runs on a thread of its own, never on an event loop or
 * the blocking executor that REST calls share; one batch at a time, so the database sees one short transaction from it
 * at any moment and a room's writes wait at most one batch for the room's row lock.
 *
 * <p>Every node of a cluster runs it: their batches for one room take turns on that room's row, and a node whose
 * purge lands second finds nothing left. Each node also drops its in-memory window of a live room that reaches into
 * the purged range (whoever purged it), so room_state and resumes read storage, which no longer has those messages.
 */
public final class RetentionPurger implements AutoCloseable {
    /** Rooms read per page while walking them. */
    static final int ROOM_PAGE = 500;
    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);

    private final RetentionRepository retention;
    private final RoomRegistry rooms;
    private final RetentionConfig config;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Counter purgedMessages;
    private final Counter purgedDependents;
    private final Timer batchTimer;
    private final PurgeBudget budget;
    private final AtomicLong lagSeconds = new AtomicLong();

    public RetentionPurger(RetentionRepository retention, RoomRegistry rooms, RetentionConfig config, Clock clock,
                           MeterRegistry meters) {
        this.retention = retention;
        this.rooms = rooms;
        this.config = config;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("retention-purge", true));
        this.purgedMessages = Counter.builder(RetentionMeters.PURGED_MESSAGES)
                .description("Expired messages deleted by the retention purge").register(meters);
        this.purgedDependents = Counter.builder(RetentionMeters.PURGED_DEPENDENTS)
                .description("Reactions, reports and review-queue items deleted with purged messages").register(meters);
        this.batchTimer = Timer.builder(RetentionMeters.BATCH).publishPercentileHistogram()
                .description("One purge transaction (the time the room's row lock is held)").register(meters);
        meters.gauge(RetentionMeters.LAG, lagSeconds);
        this.budget = PurgeBudget.of(config.maxRowsPerSecond(), config.batchSize(),
                Counter.builder(RetentionMeters.PACED).baseUnit("seconds")
                        .description("Time the purge waited for its budget (retention.max_rows_per_second)")
                        .register(meters));
    }

    /** Starts the passes: the first after one interval (not at start-up, when the node has other work). */
    public RetentionPurger start() {
        long every = config.purgeInterval().toMillis();
        thread.scheduleWithFixedDelay(this::passQuietly, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void passQuietly() {
        try {
            pass();
        } catch (StorageUnavailableException e) {
            log.warn("retention purge pass stopped, the database is unavailable; next pass in {}: {}",
                    config.purgeInterval(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("retention purge pass failed; next pass in {}", config.purgeInterval(), e);
        }
    }

    /**
     * One pass over every room with a retention; returns the messages deleted. Public so an operator tool or a test
     * can run one now (on the calling thread).
     */
    public long pass() {
        Instant now = clock.instant();
        boolean everyRoom = config.defaultRetention().isPresent();
        long deleted = 0;
        long lag = 0;
        UUID after = null;
        List<RoomRetention> page;
        do {
            page = retention.rooms(after, everyRoom, ROOM_PAGE);
            for (RoomRetention room : page) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                Integer days = room.retentionDays() != null ? room.retentionDays()
                        : config.defaultRetention().orElse(null);
                if (days != null) {
                    Instant cutoff = now.minus(Duration.ofDays(days));
                    RoomPass result = purgeRoom(room, cutoff);
                    deleted += result.deleted;
                    lag = Math.max(lag, result.lagSeconds);
                }
                after = room.roomId();
            }
        } while (page.size() == ROOM_PAGE && !Thread.currentThread().isInterrupted());
        lagSeconds.set(lag);
        if (deleted > 0) {
            log.info("retention purge deleted {} expired messages", deleted);
        }
        return deleted;
    }

    /** Batches until nothing expired is left in the room; the lag is how long its oldest expired message had expired. */
    private RoomPass purgeRoom(RoomRetention room, Instant cutoff) {
        long deleted = 0;
        long lag = 0;
        long through = room.purgedThroughSeq();
        PurgeOutcome outcome;
        do {
            Timer.Sample sample = Timer.start();
            outcome = retention.purge(room.roomId(), cutoff, config.batchSize());
            sample.stop(batchTimer);
            if (outcome.messages() > 0) {
                purgedMessages.increment(outcome.messages());
                purgedDependents.increment(outcome.dependents());
                deleted += outcome.messages();
                if (lag == 0) {
                    lag = Math.max(0, Duration.between(outcome.oldestExpired(), cutoff).toSeconds());
                }
            }
            through = Math.max(through, outcome.purgedThroughSeq());
            if (!paidFor(outcome.messages())) {
                break;
            }
        } while (outcome.more());
        forgetPurgedWindow(room.roomId(), through);
        return new RoomPass(deleted, lag);
    }

    /** Waits for the budget to allow the next batch; false when the purger is being stopped meanwhile. */
    private boolean paidFor(long rows) {
        try {
            budget.spend(rows);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A live room's window that still holds purged messages is dropped: the next room_state reads storage. */
    private void forgetPurgedWindow(UUID roomId, long purgedThroughSeq) {
        if (purgedThroughSeq == 0) {
            return;
        }
        rooms.find(roomId).ifPresent(live -> live.recent().forgetThrough(purgedThroughSeq));
    }

    private record RoomPass(long deleted, long lagSeconds) {
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
