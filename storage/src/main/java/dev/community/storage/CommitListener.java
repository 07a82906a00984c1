package dev.community.storage;

import dev.community.protocol.Message;

/**
 * Told of every newly stored message, on the writer thread, right after its commit and in seq order within each
 * room (before the sender's future completes). The server hangs room fan-out here so members receive a room's
 * messages in the order they were stored. Implementations must be quick and must not block.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(Message message, String clientId);
}
