package dev.community.storage;

import dev.community.protocol.Message;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the outbox rows of newly stored messages inside the message writer's batch transaction, after their seqs
 * are assigned and before the commit: a message and its webhook events are committed together (the transactional
 * outbox; docs/PROTOCOL.md §6). Called on the writer lane's thread, possibly more than once for the same batch when the
 * batch is written again (a rolled-back attempt's rows vanish with it); must be quick and must not wait for anything
 * but the statements it runs on {@code transaction}. A failure fails the batch like any statement of it.
 */
@FunctionalInterface
public interface StoredMessageOutbox {
    /** Never writes anything: the writer without webhooks. */
    StoredMessageOutbox NONE = (transaction, messages) -> { };

    void storing(Connection transaction, List<Message> messages) throws SQLException;
}
