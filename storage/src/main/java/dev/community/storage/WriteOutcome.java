package dev.community.storage;

import dev.community.protocol.Message;

/**
 * The committed result of {@link MessageWriter#submit}: the stored message with its seq, and whether it was
 * already stored under the same (room, author, client_id) before this submit.
 */
public record WriteOutcome(Message message, boolean duplicate) {
}
