package dev.community.storage.jdbc;

import dev.community.protocol.Message;
import dev.community.storage.CommitListener;
import dev.community.storage.MessageRejectedException;
import dev.community.storage.NewMessage;
import dev.community.storage.StorageUnavailableException;
import dev.community.storage.StoredMessageOutbox;
import dev.community.storage.WriteOutcome;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
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
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer lane: a bounded queue and one daemon thread ({@code message-writer-N}) that group-commits the
 * messages of the rooms {@link JdbcMessageWriter} routes to it. A room always goes to the same lane, so the lane
 * alone assigns that room's seqs on this node and its commits reach the commit listener in seq order.
 *
 * <p>Per batch (up to {@code batch_size} messages, or what arrived within {@code max_delay} of the first) one
 * transaction: per room (in a fixed order, so lanes and writers on several nodes never deadlock)
 * {@code UPDATE rooms SET last_seq = last_seq + k ...} and read the new last_seq back, insert the messages with
 * consecutive seqs skipping any whose client_id is already stored ({@link MessageInsert}), bump thread and user
 * counters (sorted, the same lock order in every lane), commit, and only then complete the futures. The seq comes
 * from the room row under its lock, so several nodes can write to one room.
 *
 * <p>A client_id already stored (a resend) is rare, so it is not looked up in advance: when the insert skips
 * rows the transaction is rolled back, exactly those rows' stored messages are read, and the batch is written
 * again answering them as duplicates — no seq is taken for them, so seqs stay gap-free.
 *
 * <p>The room row is locked by the UPDATE rather than by {@code SELECT ... FOR UPDATE}: on PostgreSQL an UPDATE
 * that changes no key takes the weaker FOR NO KEY UPDATE lock, which does not block the key-share locks that
 * foreign keys to the room take (a report queued in the same room), so those transactions cannot deadlock
 * with the writer.
 *
 * <p>Failure: when the connection is gone the whole batch fails with {@link StorageUnavailableException};
 * when the database refuses something else the batch is retried in halves down to single messages, so only
 * the refused messages fail (with {@link MessageRejectedException}). Nothing escapes the loop: the lane's thread
 * keeps running through any error.
 */
final class WriterLane {
    private static final Logger LOG = LoggerFactory.getLogger(WriterLane.class);
    private static final long IDLE_POLL_MILLIS = 50;
    /**
     * The longest the lane waits for any one answer of the database. Without it a connection whose peer vanished
     * without a reset (a half-open TCP connection: a dead router, a frozen host) blocks the lane's read forever: its
     * batch is never answered and every room of the lane stops. Generous, because a healthy database answers a
     * group commit's statements in milliseconds and a lock held for seconds is itself the fault; when it fires the
     * batch fails {@code unavailable} and the client's resend with its client_id is stored once. The pool resets
     * the connection's timeout when it is returned (HikariCP tracks it).
     */
    static final int NETWORK_TIMEOUT_MILLIS = 10_000;
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
    private static final String THREAD_ADVANCE = "UPDATE threads SET message_count = message_count + ?,"
            + " last_message_at = CASE WHEN last_message_at IS NULL OR last_message_at < ? THEN ?"
            + " ELSE last_message_at END WHERE id = ?";
    private static final String USER_SEEN = "INSERT INTO users (id, username, joined_at, first_seen_at)"
            + " VALUES (?, ?, ?, ?)";
    private static final String USER_COUNT = "UPDATE users SET message_count = message_count + ? WHERE id = ?";

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final MessageInsert insert;
    private final String userSeen;
    private final int batchSize;
    private final long maxDelayNanos;
    private final int queueCapacity;
    /** Messages waiting in the queues of all lanes: the bound {@code writer.queue_capacity} applies to. */
    private final AtomicInteger queuedInAllLanes;
    private final ArrayBlockingQueue<PendingWrite> queue;
    private final WriterMeters meters;
    private final CommitListener listener;
    private final StoredMessageOutbox outbox;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean stopped;
    private volatile List<PendingWrite> inFlight = List.of();

    WriterLane(int index, DataSource dataSource, SqlDialect dialect, int batchSize, long maxDelayNanos,
               int queueCapacity, AtomicInteger queuedInAllLanes, WriterMeters meters, CommitListener listener,
               StoredMessageOutbox outbox) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.insert = dialect.messageInsert();
        this.userSeen = dialect.insertSkippingDuplicates(USER_SEEN);
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelayNanos;
        this.queueCapacity = queueCapacity;
        this.queuedInAllLanes = queuedInAllLanes;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.meters = meters;
        this.listener = listener;
        this.outbox = outbox;
        this.thread = new Thread(this::run, index == 0 ? "message-writer" : "message-writer-" + index);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<WriteOutcome> submit(NewMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new StorageUnavailableException("message writer is shut down"));
        }
        PendingWrite pending = new PendingWrite(message);
        if (queuedInAllLanes.incrementAndGet() > queueCapacity) {
            queuedInAllLanes.decrementAndGet();
            meters.queueFull.increment();
            return CompletableFuture.failedFuture(new StorageUnavailableException("writer queue full"));
        }
        meters.depth.incrementAndGet();
        queue.add(pending); // never full: the shared count above is the tighter bound
        // lost the race with finish(): its final sweep may already have run
        if (stopped && queue.remove(pending)) {
            queuedInAllLanes.decrementAndGet();
            fail(pending, new StorageUnavailableException("message writer is shut down"));
        }
        return pending.future;
    }

    /** Stops accepting; the thread commits what is queued and then ends. */
    void close() {
        closed = true;
    }

    /** Waits until {@code deadlineNanos} (System.nanoTime) for the thread to end, then fails what is left. */
    void finish(long deadlineNanos) {
        closed = true;
        try {
            long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        StorageUnavailableException shutDown = new StorageUnavailableException("message writer shut down before commit");
        if (thread.isAlive()) {
            LOG.warn("{} did not finish in time; failing what is left", thread.getName());
            thread.interrupt();
            for (PendingWrite pending : inFlight) {
                fail(pending, shutDown);
            }
        }
        List<PendingWrite> left = new ArrayList<>();
        queuedInAllLanes.addAndGet(-queue.drainTo(left));
        for (PendingWrite pending : left) {
            fail(pending, shutDown);
        }
    }

    private void run() {
        List<PendingWrite> batch = new ArrayList<>(batchSize);
        while (!stopped) {
            try {
                PendingWrite first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                queuedInAllLanes.decrementAndGet();
                batch.add(first);
                fill(batch);
                inFlight = List.copyOf(batch);
                meters.batchSizes.record(batch.size());
                Timer.Sample sample = Timer.start();
                commit(batch);
                sample.stop(meters.commitTimer);
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (Throwable t) {
                // the lane must outlive anything one batch can throw
                LOG.error("message writer batch failed", t);
                for (PendingWrite pending : batch) {
                    fail(pending, new StorageUnavailableException("message writer failed: " + t, t));
                }
            } finally {
                batch.clear();
                inFlight = List.of();
            }
        }
    }

    /** Adds what is queued, waiting up to max_delay after the first message for the batch to fill. */
    private void fill(List<PendingWrite> batch) throws InterruptedException {
        long until = System.nanoTime() + maxDelayNanos;
        while (batch.size() < batchSize) {
            queuedInAllLanes.addAndGet(-queue.drainTo(batch, batchSize - batch.size()));
            long wait = until - System.nanoTime();
            if (batch.size() >= batchSize || wait <= 0 || closed) {
                return;
            }
            PendingWrite next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            queuedInAllLanes.decrementAndGet();
            batch.add(next);
        }
    }

    private void commit(List<PendingWrite> batch) {
        try (Connection connection = dataSource.getConnection()) {
            boundWaits(connection);
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
    private boolean store(Connection connection, List<PendingWrite> group, boolean retried) {
        List<Runnable> completions;
        try {
            completions = writeAndCommit(connection, group);
        } catch (SQLException | RuntimeException e) {
            Jdbc.rollbackQuietly(connection);
            if (e instanceof SQLException sql && broken(connection, sql)) {
                LOG.warn("message writer: database connection lost: {}", sql.toString());
                failAll(group, unavailable(sql));
                return false;
            }
            if (group.size() == 1 && !retried && e instanceof SQLException sql && dialect.isUniqueViolation(sql)) {
                // a key taken by a transaction that committed while ours ran: the retry finds it
                return store(connection, group, true);
            }
            if (group.size() == 1) {
                PendingWrite pending = group.get(0);
                boolean refused = !(e instanceof SQLException sql) || dialect.isDataRefusal(sql);
                LOG.debug("message writer: message {} failed: {}", pending.message.id(), e.toString());
                fail(pending, refused
                        ? new MessageRejectedException("the database refused the message: " + e.getMessage(), e)
                        : unavailable(e));
                return true;
            }
            meters.splits.increment();
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

    /**
     * Writes and commits {@code group}. When the insert skipped rows whose client_id is already stored, rolls
     * back, reads exactly those rows' stored messages and writes the group again, answering them as duplicates.
     * Each round learns at least one new key or throws, so this ends.
     */
    private List<Runnable> writeAndCommit(Connection c, List<PendingWrite> group) throws SQLException {
        Map<PendingWrite.Key, Message> known = new HashMap<>();
        while (true) {
            Written written = write(c, group, known);
            if (written.skipped().isEmpty()) {
                c.commit();
                return written.completions();
            }
            c.rollback();
            meters.conflictRetries.increment();
            List<PendingWrite.Key> keys = written.skipped().stream().map(r -> r.pending.key()).toList();
            if (keys.contains(null)) {
                // no client_id, so the id or the seq was taken: nothing to answer with
                throw new SQLException("a message id or seq is already stored", "23505");
            }
            Map<PendingWrite.Key, Message> found = lookUpClientIds(c, keys);
            if (!found.keySet().containsAll(keys)) {
                throw new SQLException("a client_id was taken and is not readable", "23505");
            }
            known.putAll(found);
        }
    }

    /**
     * What one pass of a transaction's statements left: the completions to run after the commit, or the rows the
     * insert skipped because their key was taken (then the transaction must not commit).
     */
    private record Written(List<Runnable> completions, List<MessageRow> skipped) {
    }

    /** The transaction's statements, answering the keys in {@code known} with their stored messages. */
    private Written write(Connection c, List<PendingWrite> group, Map<PendingWrite.Key, Message> known)
            throws SQLException {
        List<Runnable> completions = new ArrayList<>(group.size());
        // messages to insert, per room in a fixed order (the lock order of every writer on every node)
        Map<UUID, List<MessageRow>> byRoom = new TreeMap<>(Comparator.comparing(UUID::toString));
        Map<PendingWrite.Key, MessageRow> firstOfKey = new HashMap<>();
        List<MessageRow> aliases = new ArrayList<>();
        for (PendingWrite pending : group) {
            PendingWrite.Key key = pending.key();
            Message stored = key == null ? null : known.get(key);
            if (stored != null) {
                completions.add(() -> complete(pending, new WriteOutcome(stored, true), false));
                continue;
            }
            MessageRow row = new MessageRow(pending);
            if (key != null && firstOfKey.containsKey(key)) {
                row.aliasOf = firstOfKey.get(key);
                aliases.add(row);
                continue;
            }
            if (key != null) {
                firstOfKey.put(key, row);
            }
            byRoom.computeIfAbsent(pending.message.roomId(), r -> new ArrayList<>()).add(row);
        }
        List<MessageRow> inserts = new ArrayList<>();
        for (Map.Entry<UUID, List<MessageRow>> room : byRoom.entrySet()) {
            List<MessageRow> rows = room.getValue();
            Instant newest = rows.stream().map(r -> r.createdAt).max(Comparator.naturalOrder()).orElseThrow();
            int advanced = Jdbc.update(c, ROOM_ADVANCE, rows.size(), rows.size(), newest, newest, room.getKey());
            if (advanced == 0) {
                for (MessageRow row : rows) {
                    row.rejected = new MessageRejectedException("room " + room.getKey() + " does not exist");
                }
                continue;
            }
            long last = Jdbc.one(c, ROOM_LAST_SEQ, r -> r.getLong(1), room.getKey()).orElseThrow();
            long seq = last - rows.size();
            for (MessageRow row : rows) {
                row.seq = ++seq;
                inserts.add(row);
            }
        }
        List<MessageRow> skipped = insert.insert(c, inserts);
        if (!skipped.isEmpty()) {
            return new Written(List.of(), skipped);
        }
        advanceThreads(c, inserts);
        countAuthors(c, inserts);
        if (!inserts.isEmpty()) {
            // the outbox rides in this transaction: a message is never committed without its webhook events
            outbox.storing(c, inserts.stream().map(MessageRow::toMessage).toList());
        }
        for (MessageRow row : inserts) {
            completions.add(() -> complete(row.pending, new WriteOutcome(row.toMessage(), false), true));
        }
        for (List<MessageRow> rows : byRoom.values()) {
            for (MessageRow row : rows) {
                if (row.rejected != null) {
                    completions.add(() -> fail(row.pending, row.rejected));
                }
            }
        }
        for (MessageRow alias : aliases) {
            MessageRow first = alias.aliasOf;
            completions.add(() -> {
                if (first.rejected != null) {
                    fail(alias.pending, first.rejected);
                } else {
                    complete(alias.pending, new WriteOutcome(first.toMessage(), true), false);
                }
            });
        }
        return new Written(completions, List.of());
    }

    /**
     * The stored messages of these (room, author, client_id) keys: exact lookups on the unique key. Planned afresh
     * each time: on a just-created database PostgreSQL's planner, without statistics, ties the author index with
     * the client_id key and takes the author index, and a generic plan cached then reads every message of the
     * author per probe — the per-batch probe of the earlier writer made a fresh install 3× slower that way
     * (docs/BENCHMARKS.md). A plan made with the table's actual size takes the key.
     */
    private Map<PendingWrite.Key, Message> lookUpClientIds(Connection c, List<PendingWrite.Key> wanted)
            throws SQLException {
        List<PendingWrite.Key> keys = wanted.stream().filter(Objects::nonNull).distinct().toList();
        Map<PendingWrite.Key, Message> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<PendingWrite.Key> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            StringBuilder sql = new StringBuilder();
            Object[] params = new Object[chunk.size() * 3];
            for (int i = 0; i < chunk.size(); i++) {
                if (i > 0) {
                    sql.append(" UNION ALL ");
                }
                sql.append(CLIENT_ID_PROBE);
                params[3 * i] = chunk.get(i).roomId();
                params[3 * i + 1] = chunk.get(i).authorId();
                params[3 * i + 2] = chunk.get(i).clientId();
            }
            List<Object[]> rows = Jdbc.listPlannedEachTime(dialect, c, sql.toString(),
                    r -> new Object[] {Rows.message(r), r.getString("client_id_key")}, params);
            for (Object[] row : rows) {
                Message message = (Message) row[0];
                found.put(new PendingWrite.Key(message.roomId(), message.author().id(), (String) row[1]), message);
            }
        }
        return found;
    }

    private static void advanceThreads(Connection c, List<MessageRow> rows) throws SQLException {
        Map<UUID, List<MessageRow>> byThread = new TreeMap<>(Comparator.comparing(UUID::toString));
        for (MessageRow row : rows) {
            if (row.message().threadId() != null) {
                byThread.computeIfAbsent(row.message().threadId(), t -> new ArrayList<>()).add(row);
            }
        }
        if (byThread.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = c.prepareStatement(THREAD_ADVANCE)) {
            for (Map.Entry<UUID, List<MessageRow>> thread : byThread.entrySet()) {
                Instant newest = thread.getValue().stream().map(r -> r.createdAt).max(Comparator.naturalOrder())
                        .orElseThrow();
                Jdbc.bind(statement, thread.getValue().size(), newest, newest, thread.getKey());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Authors never seen are recorded from the message (first sight), then every author's count moves. Sorted by
     * id: lanes share authors (one user writes in rooms of several lanes), and one lock order means they wait for
     * each other but never deadlock.
     */
    private void countAuthors(Connection c, List<MessageRow> rows) throws SQLException {
        Map<String, List<MessageRow>> byAuthor = new TreeMap<>();
        for (MessageRow row : rows) {
            byAuthor.computeIfAbsent(row.message().author().id(), a -> new ArrayList<>()).add(row);
        }
        if (byAuthor.isEmpty()) {
            return;
        }
        try (PreparedStatement seen = c.prepareStatement(userSeen);
                PreparedStatement count = c.prepareStatement(USER_COUNT)) {
            for (Map.Entry<String, List<MessageRow>> author : byAuthor.entrySet()) {
                MessageRow first = author.getValue().get(0);
                Jdbc.bind(seen, author.getKey(), first.message().author().username(), first.createdAt,
                        first.createdAt);
                seen.addBatch();
                Jdbc.bind(count, author.getValue().size(), author.getKey());
                count.addBatch();
            }
            seen.executeBatch();
            count.executeBatch();
        }
    }

    /** Applies {@link #NETWORK_TIMEOUT_MILLIS} where the driver supports it (PostgreSQL; the embedded store has no network). */
    private static void boundWaits(Connection connection) {
        try {
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
        } catch (SQLFeatureNotSupportedException unsupported) {
            // embedded H2: nothing on the way to the database can go half-open
        } catch (SQLException e) {
            LOG.debug("message writer: cannot set the network timeout: {}", e.toString());
        }
    }

    private boolean broken(Connection connection, SQLException e) {
        if (dialect.isConnectionFailure(e)) {
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
    private void complete(PendingWrite pending, WriteOutcome outcome, boolean isNew) {
        if (pending.settle()) {
            meters.depth.decrementAndGet();
            if (isNew) {
                meters.stored.increment();
                tellListener(outcome.message(), pending.message.clientId());
            }
            pending.future.complete(outcome);
        }
    }

    /** Runs on the lane's thread in commit order; a failing listener must not stop the lane. */
    private void tellListener(Message message, String clientId) {
        try {
            listener.committed(message, clientId);
        } catch (RuntimeException e) {
            LOG.error("commit listener failed for message {}", message.id(), e);
        }
    }

    private void fail(PendingWrite pending, RuntimeException error) {
        if (pending.settle()) {
            meters.depth.decrementAndGet();
            meters.failed(error);
            pending.future.completeExceptionally(error);
        }
    }

    private void failAll(List<PendingWrite> group, RuntimeException error) {
        for (PendingWrite pending : group) {
            fail(pending, error);
        }
    }
}
