package dev.community.storage.jdbc;

import dev.community.protocol.Attachment;
import dev.community.protocol.Message;
import dev.community.storage.MessageRejectedException;
import dev.community.storage.NewMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** One submitted message on its way into the table, with what its transaction decided for it. */
final class MessageRow {
    final PendingWrite pending;
    final String messageType;
    final List<Attachment> attachments;
    final List<String> mentions;
    final Instant createdAt;
    long seq;
    /** The first row of the same batch with the same client_id: this one is answered with that one's outcome. */
    MessageRow aliasOf;
    MessageRejectedException rejected;

    MessageRow(PendingWrite pending) {
        NewMessage m = pending.message;
        this.pending = pending;
        this.messageType = m.messageType() == null ? "text" : m.messageType();
        this.attachments = m.attachments() == null ? List.of() : List.copyOf(m.attachments());
        this.mentions = m.mentions() == null ? List.of() : List.copyOf(m.mentions());
        // the wire's precision; what is returned now is exactly what a later read returns
        this.createdAt = (m.createdAt() == null ? Instant.now() : m.createdAt()).truncatedTo(ChronoUnit.MILLIS);
    }

    NewMessage message() {
        return pending.message;
    }

    Message toMessage() {
        NewMessage m = pending.message;
        return new Message(m.id(), m.roomId(), seq, m.threadId(), m.author(), m.content(), messageType,
                attachments, mentions, m.replyToId(), Map.of(), createdAt, null, false, m.hidden());
    }
}
