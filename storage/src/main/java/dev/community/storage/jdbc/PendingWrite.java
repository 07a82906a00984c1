package dev.community.storage.jdbc;

import dev.community.storage.NewMessage;
import dev.community.storage.WriteOutcome;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A submitted message and its future; settled exactly once (drain and the writer may race to do it). */
final class PendingWrite {
    final NewMessage message;
    final CompletableFuture<WriteOutcome> future = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();

    PendingWrite(NewMessage message) {
        this.message = message;
    }

    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /** The idempotency key; null when the message has no client_id. */
    Key key() {
        return message.clientId() == null ? null : new Key(message.roomId(), message.author().id(), message.clientId());
    }

    /** The (room, author, client_id) unique key of the messages table. */
    record Key(UUID roomId, String authorId, String clientId) {
    }
}
