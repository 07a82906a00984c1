package dev.community.server.ws;

import dev.community.server.actions.MessageActions;
import dev.community.server.actions.ReadMarks;

/**
 * The room actions a socket's frames call, the very ones REST calls: {@code send_message} ({@link MessageActions})
 * and {@code mark_read} ({@link ReadMarks}).
 */
public record RoomFrameActions(MessageActions messages, ReadMarks readMarks) {
}
