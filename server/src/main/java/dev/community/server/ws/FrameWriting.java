package dev.community.server.ws;

import dev.community.server.ServerMetrics;
import dev.community.server.room.EventEncoder;

/**
 * How a socket writes its own events (answers, errors, room_state, ready): the encoder, and the metrics that count
 * what goes out and what the socket does (opened, closed, refused, refreshed). Room fan-out does not pass here: its
 * frames are encoded once per room ({@code room/Delivery}).
 */
public record FrameWriting(EventEncoder encoder, ServerMetrics metrics) {
}
