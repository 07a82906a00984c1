package dev.community.admin;

import java.util.Objects;
import java.util.UUID;

/**
 * One entry of {@link NodeStats#topRooms()}: {@code {"room_id", "room_type", "connections"}}.
 *
 * @param roomId      the room
 * @param roomType    the room's kind as the protocol names it (e.g. {@code room}, {@code dm})
 * @param connections open WebSocket connections to the room on this node
 */
public record RoomConnections(UUID roomId, String roomType, int connections) {
    public RoomConnections {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(roomType, "roomType");
    }
}
