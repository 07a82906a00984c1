package dev.community.server.ws;

import dev.community.server.Blocking;
import dev.community.server.actions.MessageActions;
import dev.community.server.actions.ReadMarks;
import dev.community.server.admission.BlockLists;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomRegistry;
import dev.community.storage.Storage;

/**
 * What a connection's part in rooms uses ({@link RoomSubscription} on a room socket and the user stream, and the
 * stream's {@link RoomWatch}es): the live rooms and their bus (presence), the directory and session control a session
 * registers with, the held block lists, storage reads off the loop (history, room_state, my reactions, a new room),
 * and the room actions a socket's frames call (send, mark read).
 *
 * @param maxReplyBytes     the largest reply (room_state, message_history): half of {@code ws.max_pending_bytes}, so
 *                          it always fits the outbound budget
 * @param presenceListLimit {@code ws.presence_list_limit}
 * @param maxSubscriptions  {@code ws.max_subscriptions}: rooms one user stream may subscribe to at once
 */
public record RoomParts(RoomRegistry rooms, RoomBus bus, ConnectionDirectory connections, SessionControl control,
                        BlockLists blocks, Blocking blocking, Storage storage, MessageActions messages,
                        ReadMarks readMarks, int maxReplyBytes, int presenceListLimit, int maxSubscriptions) {
}
