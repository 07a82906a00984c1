package dev.community.admin;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /admin/stats}: a snapshot of this node.
 *
 * @param uptimeSeconds    seconds since the node started
 * @param connections      open WebSocket connections on this node
 * @param activeRooms      rooms with at least one connection on this node
 * @param writerQueueDepth messages waiting for the batched writer
 * @param draining         whether the node is draining (see {@link AdminOperations#drain})
 * @param topRooms         the rooms with the most connections, most first, at most {@link #TOP_ROOMS}
 */
public record NodeStats(
        long uptimeSeconds,
        int connections,
        int activeRooms,
        int writerQueueDepth,
        boolean draining,
        List<RoomConnections> topRooms) {

    /** How many rooms {@link #topRooms()} lists at most. */
    public static final int TOP_ROOMS = 10;

    public NodeStats {
        topRooms = List.copyOf(Objects.requireNonNull(topRooms, "topRooms"));
        if (topRooms.size() > TOP_ROOMS) {
            topRooms = topRooms.subList(0, TOP_ROOMS);
        }
    }
}
