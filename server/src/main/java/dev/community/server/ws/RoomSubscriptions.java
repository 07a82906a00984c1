package dev.community.server.ws;

import dev.community.server.StorageReads;
import java.util.UUID;

/**
 * Opens a connection's {@link RoomSubscription}s (a room socket's one room, each of a stream's {@code subscribe}s),
 * each given what it uses: entering and leaving the room, the storage reads, the actions its frames call, its
 * writing and the shape of its replies.
 */
final class RoomSubscriptions {
    private final RoomEntrance entrance;
    private final StorageReads reads;
    private final RoomFrameActions actions;
    private final FrameWriting writing;
    private final RoomReplies replies;

    RoomSubscriptions(RoomEntrance entrance, StorageReads reads, RoomFrameActions actions, FrameWriting writing,
                      RoomReplies replies) {
        this.entrance = entrance;
        this.reads = reads;
        this.actions = actions;
        this.writing = writing;
        this.replies = replies;
    }

    /** @param tag the room id written into every frame (the user stream), or null (a room socket) */
    RoomSubscription open(SessionContext context, RoomSubscription.Outlet out, UUID tag) {
        return new RoomSubscription(entrance, reads, actions, writing, replies, context, out, tag);
    }
}
