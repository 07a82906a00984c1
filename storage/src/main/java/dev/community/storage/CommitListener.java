package dev.community.storage;

import dev.community.protocol.Message;

/**
 * Told of every newly stored message, on the thread of the writer lane that owns its room, right after its commit
 * and in seq order within each room (before the sender's future completes). The server hangs room fan-out here so
 * members receive a room's messages in the order they were stored. Different rooms are told from different lanes
 * at once, so implementations must be thread-safe across rooms; they must be quick and must not block.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(Message message, String clientId);
}
