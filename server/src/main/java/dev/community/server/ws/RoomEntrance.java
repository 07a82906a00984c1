package dev.community.server.ws;

import dev.community.server.admission.BlockLists;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomRegistry;

/**
 * What entering and leaving a live room uses ({@link RoomSubscription}, and the user stream's {@link RoomWatch}es):
 * the live rooms (acquired and released), the bus that tells the room of a presence change, the directory a session
 * registers with and the session control that applies a change which landed while it was admitted, and the held block
 * lists its deliveries are filtered by.
 */
public record RoomEntrance(RoomRegistry rooms, RoomBus bus, ConnectionDirectory connections, SessionControl control,
                           BlockLists blocks) {
}
