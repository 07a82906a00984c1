package dev.community.admin;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code GET /admin/rooms/{room_id}/presence}: who is connected to a room on this node.
 *
 * @param roomId      the room
 * @param onlineUsers distinct users with at least one connection to the room
 * @param connections open connections to the room (a user may hold several)
 */
public record RoomPresence(UUID roomId, List<OnlineUser> onlineUsers, int connections) {
    public RoomPresence {
        Objects.requireNonNull(roomId, "roomId");
        onlineUsers = List.copyOf(Objects.requireNonNull(onlineUsers, "onlineUsers"));
    }
}
