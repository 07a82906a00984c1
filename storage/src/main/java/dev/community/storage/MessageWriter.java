package dev.community.storage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Stores messages from every connection through bounded queues and writer lanes ({@code writer.threads}, each
 * room always in the same lane) that commit them in groups (up to {@code writer.batch_size} messages or
 * {@code writer.max_delay_ms}). Inside each transaction a lane assigns its rooms' seqs, enforces (room, author,
 * client_id) idempotency, and updates room and user counters.
 *
 * <p>The returned future completes only after the commit, on the lane's thread (callers hop back to their
 * own thread). It fails with {@link StorageUnavailableException} when the queue is full, the writer is
 * closed, or the commit failed; a row the database refuses fails only that message.
 */
public interface MessageWriter extends AutoCloseable {

    CompletableFuture<WriteOutcome> submit(NewMessage message);

    /** Registers the listener told of every newly stored (not duplicate) message; set once before the first submit. */
    void commitListener(CommitListener listener);

    /**
     * Registers what writes the webhook outbox rows of new messages in their batch's transaction; set once before the
     * first submit. Default: nothing is written.
     */
    void outbox(StoredMessageOutbox outbox);

    /** Messages accepted but not yet committed or failed. */
    int queueDepth();

    /**
     * Stops accepting, commits what is queued within {@code deadline}, fails the rest with
     * {@link StorageUnavailableException}, and stops the writer thread.
     */
    void drain(Duration deadline);

    @Override
    void close();
}
