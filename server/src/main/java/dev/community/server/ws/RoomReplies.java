package dev.community.server.ws;

import java.time.Clock;

/**
 * How a socket's replies about a room are shaped (room_state, message_history, the stream's ready and room_added).
 *
 * @param clock             what a room's view shows as of now (a mute that ran out is none)
 * @param maxReplyBytes     the largest reply (room_state, message_history): half of {@code ws.max_pending_bytes}, so
 *                          it always fits the outbound budget
 * @param presenceListLimit {@code ws.presence_list_limit}
 */
public record RoomReplies(Clock clock, int maxReplyBytes, int presenceListLimit) {
}
