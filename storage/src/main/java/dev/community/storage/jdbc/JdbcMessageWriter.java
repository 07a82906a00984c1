package dev.community.storage.jdbc;

import dev.community.config.ServerConfig;
import dev.community.protocol.Message;
import dev.community.storage.MessageRejectedException;
import dev.community.storage.CommitListener;
import dev.community.storage.MessageWriter;
import dev.community.storage.NewMessage;
import dev.community.storage.StorageMeters;
import dev.community.storage.StorageUnavailableException;
import dev.community.storage.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-committing message writer: one bounded queue, one daemon thread named {@code message-writer}.
 *
 * <p>Per batch (up to {@code batch_size} messages, or what arrived within {@code max_delay} of the first) one
 * transaction: look up the batch's client_ids already stored, then per room (in a fixed order, so writers on
 * several nodes never deadlock) {@code UPDATE rooms SET last_seq = last_seq + k ...} and read the new last_seq
 * back, insert the messages with consecutive seqs as one JDBC batch, bump thread and user counters, commit,
 * and only then complete the futures. The seq comes from the room row under its lock, so several nodes can
 * write to one room.
 *
 * <p>The room row is locked by the UPDATE rather than by {@code SELECT ... FOR UPDATE}: on PostgreSQL an UPDATE
 * that changes no key takes the weaker FOR NO KEY UPDATE lock, which does not block the key-share locks that
 * foreign keys to the room take (a report queued in the same room), so those transactions cannot deadlock
 * with the writer.
 *
 * <p>Failure: when the connection is gone the whole batch fails with {@link StorageUnavailableException};
 * when the database refuses something else the batch is retried in halves down to single messages, so only
 * the refused messages fail (with {@link MessageRejectedException}). A message whose client_id another node
 * stored meanwhile is found by the retry's lookup and resolves to the stored one. Nothing escapes the loop:
 * the writer thread keeps running through any error.
 */
public final class JdbcMessageWriter implements MessageWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageWriter.class);
    private static final long IDLE_POLL_MILLIS = 50;
    /** Client ids looked up per statement (a UNION ALL of exact unique-key lookups). */
    private static final int LOOKUP_CHUNK = 50;

    /** One branch of the client_id lookup: an exact probe of the (room_id, author_id, client_id) unique key. */
    private static final String CLIENT_ID_PROBE = "SELECT " + Rows.MESSAGE_COLUMNS + ", m.client_id AS client_id_key"
            + Rows.MESSAGE_FROM + "WHERE m.room_id = ? AND m.author_id = ? AND m.client_id = ?";
    private static final String ROOM_ADVANCE = "UPDATE rooms SET last_seq = last_seq + ?,"
            + " message_count = message_count + ?,"
            + " last_message_at = CASE WHEN last_message_at IS NULL OR last_message_at < ? THEN ?"
            + " ELSE last_message_at END WHERE id = ? AND is_deleted = FALSE";
    private static final String ROOM_LAST_SEQ = "SELECT last_seq FROM rooms WHERE id = ?";
    private static final String INSERT = "INSERT INTO messages (id, room_id, seq, thread_id, author_id, client_id,"
            + " content, message_type, attachments, mentions, reply_to_id, created_at, is_hidden)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String THREAD_ADVANCE = "UPDATE threads SET message_count = message_count + ?,"
            + " last_message_at = CASE WHEN last_message_at IS NULL OR last_message_at < ? THEN ?"
            + " ELSE last_message_at END WHERE id = ?";
    private static final String USER_SEEN = "INSERT INTO users (id, username, joined_at, first_seen_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String USER_COUNT = "UPDATE users SET message_count = message_count + ? WHERE id = ?";

    private final DataSource dataSource;
    private final int batchSize;
    private final long maxDelayNanos;
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicInteger depth = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean stopped;
    private volatile List<Pending> inFlight = List.of();

    private final DistributionSummary batchSizes;
    private final Timer commitTimer;
    private final Counter stored;
    private final Counter failedUnavailable;
    private final Counter failedRefused;
    private final Counter queueFull;
    private final Counter splits;

    private volatile CommitListener commitListener;

    public JdbcMessageWriter(DataSource dataSource, ServerConfig.WriterConfig config, MeterRegistry meters) {
        if (config.batchSize() < 1 || config.queueCapacity() < 1 || config.maxDelay().isNegative()) {
            throw new IllegalArgumentException("writer.batch_size and writer.queue_capacity must be >= 1,"
                    + " writer.max_delay_ms >= 0");
        }
        this.dataSource = dataSource;
        this.batchSize = config.batchSize();
        this.maxDelayNanos = config.maxDelay().toNanos();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
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
        this.thread = new Thread(this::run, "message-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletableFuture<WriteOutcome> submit(NewMessage message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            return CompletableFuture.failedFuture(new StorageUnavailableException("message writer is shut down"));
        }
        Pending pending = new Pending(message);
        depth.incrementAndGet();
        if (!queue.offer(pending)) {
            depth.decrementAndGet();
            queueFull.increment();
            return CompletableFuture.failedFuture(new StorageUnavailableException("writer queue full"));
        }
        // lost the race with drain(): its final sweep may already have run
        if (stopped && queue.remove(pending)) {
            fail(pending, new StorageUnavailableException("message writer is shut down"));
        }
        return pending.future;
    }

    @Override
    public int queueDepth() {
        return depth.get();
    }

    @Override
    public void drain(Duration deadline) {
        closed = true;
        try {
            thread.join(Math.max(1, deadline.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        StorageUnavailableException shutDown = new StorageUnavailableException("message writer shut down before commit");
        if (thread.isAlive()) {
            LOG.warn("message writer did not finish within {}; failing what is left", deadline);
            thread.interrupt();
            for (Pending pending : inFlight) {
                fail(pending, shutDown);
            }
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending pending : left) {
            fail(pending, shutDown);
        }
    }

    @Override
    public void close() {
        if (!stopped) {
            drain(Duration.ofSeconds(5));
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (!stopped) {
            try {
                Pending first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                fill(batch);
                inFlight = List.copyOf(batch);
                batchSizes.record(batch.size());
                Timer.Sample sample = Timer.start();
                commit(batch);
                sample.stop(commitTimer);
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (Throwable t) {
                // the writer must outlive anything one batch can throw
                LOG.error("message writer batch failed", t);
                for (Pending pending : batch) {
                    fail(pending, new StorageUnavailableException("message writer failed: " + t, t));
                }
            } finally {
                batch.clear();
                inFlight = List.of();
            }
        }
    }

    /** Adds what is queued, waiting up to max_delay after the first message for the batch to fill. */
    private void fill(List<Pending> batch) throws InterruptedException {
        long until = System.nanoTime() + maxDelayNanos;
        while (batch.size() < batchSize) {
            queue.drainTo(batch, batchSize - batch.size());
            long wait = until - System.nanoTime();
            if (batch.size() >= batchSize || wait <= 0 || closed) {
                return;
            }
            Pending next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void commit(List<Pending> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            store(connection, batch, false);
        } catch (SQLException e) {
            LOG.warn("message writer: no database connection: {}", e.toString());
            failAll(batch, unavailable(e));
        }
    }

    /**
     * Stores {@code group} in one transaction, or, when the database refuses it, in halves down to single
     * messages. Returns false when the connection broke; then everything of the group not yet completed has
     * failed with {@link StorageUnavailableException}.
     */
    private boolean store(Connection connection, List<Pending> group, boolean retried) {
        List<Runnable> completions;
        try {
            completions = write(connection, group);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            Jdbc.rollbackQuietly(connection);
            if (e instanceof SQLException sql && broken(connection, sql)) {
                LOG.warn("message writer: database connection lost: {}", sql.toString());
                failAll(group, unavailable(sql));
                return false;
            }
            if (group.size() == 1 && !retried && e instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                // most likely its client_id was stored by another node after our lookup: the retry finds it
                return store(connection, group, true);
            }
            if (group.size() == 1) {
                Pending pending = group.get(0);
                boolean refused = !(e instanceof SQLException sql) || Jdbc.isDataRefusal(sql);
                LOG.debug("message writer: message {} failed: {}", pending.message.id(), e.toString());
                fail(pending, refused
                        ? new MessageRejectedException("the database refused the message: " + e.getMessage(), e)
                        : unavailable(e));
                return true;
            }
            splits.increment();
            int half = group.size() / 2;
            if (!store(connection, group.subList(0, half), false)) {
                failAll(group.subList(half, group.size()), unavailable(e));
                return false;
            }
            return store(connection, group.subList(half, group.size()), false);
        }
        // outside the try: nothing a caller's completion stage does can undo or repeat a committed batch
        completions.forEach(Runnable::run);
        return true;
    }

    /** The transaction's statements; returns the completions to run after the commit. */
    private List<Runnable> write(Connection c, List<Pending> group) throws SQLException {
        Map<Key, Message> existing = lookUpClientIds(c, group);
        List<Runnable> completions = new ArrayList<>(group.size());
        // messages to insert, per room in a fixed order (the lock order of every writer on every node)
        Map<UUID, List<Row>> byRoom = new TreeMap<>(Comparator.comparing(UUID::toString));
        Map<Key, Row> firstOfKey = new HashMap<>();
        List<Row> aliases = new ArrayList<>();
        for (Pending pending : group) {
            NewMessage m = pending.message;
            Key key = Key.of(m);
            if (key != null && existing.containsKey(key)) {
                Message stored = existing.get(key);
                completions.add(() -> complete(pending, new WriteOutcome(stored, true), false));
                continue;
            }
            Row row = new Row(pending);
            if (key != null && firstOfKey.containsKey(key)) {
                row.aliasOf = firstOfKey.get(key);
                aliases.add(row);
                continue;
            }
            if (key != null) {
                firstOfKey.put(key, row);
            }
            byRoom.computeIfAbsent(m.roomId(), r -> new ArrayList<>()).add(row);
        }
        List<Row> inserts = new ArrayList<>();
        for (Map.Entry<UUID, List<Row>> room : byRoom.entrySet()) {
            List<Row> rows = room.getValue();
            Instant newest = rows.stream().map(r -> r.createdAt).max(Comparator.naturalOrder()).orElseThrow();
            int advanced = Jdbc.update(c, ROOM_ADVANCE, rows.size(), rows.size(), newest, newest, room.getKey());
            if (advanced == 0) {
                for (Row row : rows) {
                    row.rejected = new MessageRejectedException("room " + room.getKey() + " does not exist");
                }
                continue;
            }
            long last = Jdbc.one(c, ROOM_LAST_SEQ, r -> r.getLong(1), room.getKey()).orElseThrow();
            long seq = last - rows.size();
            for (Row row : rows) {
                row.seq = ++seq;
                inserts.add(row);
            }
        }
        insert(c, inserts);
        advanceThreads(c, inserts);
        countAuthors(c, inserts);
        for (Row row : inserts) {
            completions.add(() -> complete(row.pending, new WriteOutcome(row.toMessage(), false), true));
        }
        for (List<Row> rows : byRoom.values()) {
            for (Row row : rows) {
                if (row.rejected != null) {
                    completions.add(() -> fail(row.pending, row.rejected));
                }
            }
        }
        for (Row alias : aliases) {
            Row first = alias.aliasOf;
            completions.add(() -> {
                if (first.rejected != null) {
                    fail(alias.pending, first.rejected);
                } else {
                    complete(alias.pending, new WriteOutcome(first.toMessage(), true), false);
                }
            });
        }
        return completions;
    }

    /** The batch's (room, author, client_id) keys already stored: exact lookups on the unique key. */
    private static Map<Key, Message> lookUpClientIds(Connection c, List<Pending> group) throws SQLException {
        List<Key> keys = group.stream().map(p -> Key.of(p.message)).filter(Objects::nonNull).distinct().toList();
        Map<Key, Message> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<Key> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            StringBuilder sql = new StringBuilder();
            Object[] params = new Object[chunk.size() * 3];
            for (int i = 0; i < chunk.size(); i++) {
                if (i > 0) {
                    sql.append(" UNION ALL ");
                }
                sql.append(CLIENT_ID_PROBE);
                params[3 * i] = chunk.get(i).roomId;
                params[3 * i + 1] = chunk.get(i).authorId;
                params[3 * i + 2] = chunk.get(i).clientId;
            }
            List<Object[]> rows = Jdbc.list(c, sql.toString(),
                    r -> new Object[] {Rows.message(r), r.getString("client_id_key")}, params);
            for (Object[] row : rows) {
                Message message = (Message) row[0];
                found.put(new Key(message.roomId(), message.author().id(), (String) row[1]), message);
            }
        }
        return found;
    }

    private static void insert(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = c.prepareStatement(INSERT)) {
            for (Row row : rows) {
                NewMessage m = row.pending.message;
                Jdbc.bind(statement, m.id(), m.roomId(), row.seq, m.threadId(), m.author().id(), m.clientId(),
                        m.content(), row.messageType, Rows.json(row.attachments), Rows.json(row.mentions),
                        m.replyToId(), row.createdAt, m.hidden());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void advanceThreads(Connection c, List<Row> rows) throws SQLException {
        Map<UUID, List<Row>> byThread = new TreeMap<>(Comparator.comparing(UUID::toString));
        for (Row row : rows) {
            if (row.pending.message.threadId() != null) {
                byThread.computeIfAbsent(row.pending.message.threadId(), t -> new ArrayList<>()).add(row);
            }
        }
        if (byThread.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = c.prepareStatement(THREAD_ADVANCE)) {
            for (Map.Entry<UUID, List<Row>> thread : byThread.entrySet()) {
                Instant newest = thread.getValue().stream().map(r -> r.createdAt).max(Comparator.naturalOrder())
                        .orElseThrow();
                Jdbc.bind(statement, thread.getValue().size(), newest, newest, thread.getKey());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Authors never seen are recorded from the message (first sight), then every author's count moves. */
    private static void countAuthors(Connection c, List<Row> rows) throws SQLException {
        Map<String, List<Row>> byAuthor = new TreeMap<>();
        for (Row row : rows) {
            byAuthor.computeIfAbsent(row.pending.message.author().id(), a -> new ArrayList<>()).add(row);
        }
        if (byAuthor.isEmpty()) {
            return;
        }
        try (PreparedStatement seen = c.prepareStatement(USER_SEEN);
                PreparedStatement count = c.prepareStatement(USER_COUNT)) {
            for (Map.Entry<String, List<Row>> author : byAuthor.entrySet()) {
                Row first = author.getValue().get(0);
                Jdbc.bind(seen, author.getKey(), first.pending.message.author().username(), first.createdAt,
                        first.createdAt);
                seen.addBatch();
                Jdbc.bind(count, author.getValue().size(), author.getKey());
                count.addBatch();
            }
            seen.executeBatch();
            count.executeBatch();
        }
    }

    private static boolean broken(Connection connection, SQLException e) {
        if (Jdbc.isConnectionFailure(e)) {
            return true;
        }
        try {
            return !connection.isValid(1);
        } catch (SQLException | RuntimeException invalid) {
            return true;
        }
    }

    private static StorageUnavailableException unavailable(Throwable cause) {
        return new StorageUnavailableException("message not stored: " + cause.getMessage(), cause);
    }

    // The depth and the meters move before the future completes, so whoever sees the completion sees them.
    private void complete(Pending pending, WriteOutcome outcome, boolean isNew) {
        if (pending.settle()) {
            depth.decrementAndGet();
            if (isNew) {
                stored.increment();
                tellListener(outcome.message(), pending.message.clientId());
            }
            pending.future.complete(outcome);
        }
    }

    /** Runs on the writer thread in commit order; a failing listener must not stop the writer. */
    private void tellListener(Message message, String clientId) {
        CommitListener listener = commitListener;
        if (listener == null) {
            return;
        }
        try {
            listener.committed(message, clientId);
        } catch (RuntimeException e) {
            LOG.error("commit listener failed for message {}", message.id(), e);
        }
    }

    @Override
    public void commitListener(CommitListener listener) {
        this.commitListener = listener;
    }

    private void fail(Pending pending, RuntimeException error) {
        if (pending.settle()) {
            depth.decrementAndGet();
            (error instanceof MessageRejectedException ? failedRefused : failedUnavailable).increment();
            pending.future.completeExceptionally(error);
        }
    }

    private void failAll(List<Pending> group, RuntimeException error) {
        for (Pending pending : group) {
            fail(pending, error);
        }
    }

    /** A submitted message and its future; settled exactly once (drain and the writer may race to do it). */
    private static final class Pending {
        final NewMessage message;
        final CompletableFuture<WriteOutcome> future = new CompletableFuture<>();
        private final AtomicBoolean settled = new AtomicBoolean();

        Pending(NewMessage message) {
            this.message = message;
        }

        boolean settle() {
            return settled.compareAndSet(false, true);
        }
    }

    /** The idempotency key; null when the message has no client_id. */
    private record Key(UUID roomId, String authorId, String clientId) {
        static Key of(NewMessage m) {
            return m.clientId() == null ? null : new Key(m.roomId(), m.author().id(), m.clientId());
        }
    }

    /** One message on its way into the table, with what the transaction decided for it. */
    private static final class Row {
        final Pending pending;
        final String messageType;
        final List<dev.community.protocol.Attachment> attachments;
        final List<String> mentions;
        final Instant createdAt;
        long seq;
        Row aliasOf;
        MessageRejectedException rejected;

        Row(Pending pending) {
            NewMessage m = pending.message;
            this.pending = pending;
            this.messageType = m.messageType() == null ? "text" : m.messageType();
            this.attachments = m.attachments() == null ? List.of() : List.copyOf(m.attachments());
            this.mentions = m.mentions() == null ? List.of() : List.copyOf(m.mentions());
            // the wire's precision; what is returned now is exactly what a later read returns
            this.createdAt = (m.createdAt() == null ? Instant.now() : m.createdAt()).truncatedTo(ChronoUnit.MILLIS);
        }

        Message toMessage() {
            NewMessage m = pending.message;
            return new Message(m.id(), m.roomId(), seq, m.threadId(), m.author(), m.content(), messageType,
                    attachments, mentions, m.replyToId(), Map.of(), createdAt, null, false, m.hidden());
        }
    }
}
