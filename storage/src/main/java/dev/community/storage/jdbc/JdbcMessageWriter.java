package dev.community.storage.jdbc;

import dev.community.config.ServerConfig;
import dev.community.protocol.Message;
import dev.community.storage.CommitListener;
import dev.community.storage.MessageWriter;
import dev.community.storage.NewMessage;
import dev.community.storage.StoredMessageOutbox;
import dev.community.storage.WriteOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The group-committing message writer: {@code writer.threads} {@link WriterLane lanes}, each with its own queue,
 * thread and connection, and every room always in the same lane (by its id's hash). One thread committing every
 * room of the node was the ceiling of ingest; lanes commit side by side while each room's seq is still assigned
 * by one thread and one transaction at a time, under the room row's lock (so other nodes remain safe too).
 *
 * <p>A room's messages are committed, acknowledged and handed to the commit listener in seq order by its lane;
 * different rooms' listener calls come from different lanes at once.
 */
public final class JdbcMessageWriter implements MessageWriter {
    private final List<WriterLane> lanes;
    private final WriterMeters meters;
    private volatile CommitListener commitListener;
    private volatile StoredMessageOutbox outbox = StoredMessageOutbox.NONE;

    JdbcMessageWriter(DataSource dataSource, ServerConfig.WriterConfig config, SqlDialect dialect,
                      MeterRegistry registry) {
        if (config.batchSize() < 1 || config.queueCapacity() < 1 || config.maxDelay().isNegative()
                || config.threads() < 1) {
            throw new IllegalArgumentException("writer.batch_size, writer.queue_capacity and writer.threads must be"
                    + " >= 1, writer.max_delay_ms >= 0");
        }
        this.meters = new WriterMeters(registry);
        AtomicInteger queued = new AtomicInteger();
        CommitListener relay = this::tellListener;
        StoredMessageOutbox outboxRelay = (c, messages) -> outbox.storing(c, messages);
        List<WriterLane> made = new ArrayList<>(config.threads());
        for (int i = 0; i < config.threads(); i++) {
            made.add(new WriterLane(i, dataSource, dialect, config.batchSize(), config.maxDelay().toNanos(),
                    config.queueCapacity(), queued, meters, relay, outboxRelay));
        }
        this.lanes = List.copyOf(made);
    }

    /** For a store: its dialect's statements (the insert shape that pays on it: {@link SqlDialect#messageInsert}). */
    public static JdbcMessageWriter forStore(DataSource dataSource, SqlDialect dialect, ServerConfig.WriterConfig config,
                                             MeterRegistry registry) {
        return new JdbcMessageWriter(dataSource, config, dialect, registry);
    }

    @Override
    public CompletableFuture<WriteOutcome> submit(NewMessage message) {
        Objects.requireNonNull(message, "message");
        return lanes.get(laneOf(message.roomId())).submit(message);
    }

    private int laneOf(UUID roomId) {
        return Math.floorMod(roomId.hashCode(), lanes.size());
    }

    @Override
    public int queueDepth() {
        return meters.depth.get();
    }

    @Override
    public void drain(Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        // every lane stops accepting first, then all drain side by side within the one deadline
        lanes.forEach(WriterLane::close);
        for (WriterLane lane : lanes) {
            lane.finish(until);
        }
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(5));
    }

    private void tellListener(Message message, String clientId) {
        CommitListener listener = commitListener;
        if (listener != null) {
            listener.committed(message, clientId);
        }
    }

    @Override
    public void outbox(StoredMessageOutbox outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public void commitListener(CommitListener listener) {
        this.commitListener = listener;
    }
}
