package dev.community.server;

import dev.community.protocol.Message;
import dev.community.storage.Storage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The store for reads a transport makes itself, and the blocking executor they run on, never an event loop: a
 * socket's history and room_state the room's window cannot serve, my own reactions, a room that became mine (the
 * user stream); REST's lists and pages. Changes go through the room actions, not through this.
 */
public record StorageReads(Storage storage, Blocking blocking) {
    /** The room's newest {@code limit} stored messages, oldest first, read on the blocking pool. */
    public CompletableFuture<List<Message>> newest(UUID roomId, int limit) {
        return blocking.supply(() -> storage.messages().latest(roomId, limit));
    }
}
