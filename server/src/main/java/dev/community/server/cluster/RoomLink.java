package dev.community.server.cluster;

import dev.community.server.room.LiveRoom;

/**
 * What the cluster keeps for one room while it is live on this node: its sequencer, its presence view, and the lock
 * that orders this node's presence commands for the room (a refresh states the node's users as of its snapshot,
 * so no enter or leave may be sent between the snapshot and the refresh).
 */
final class RoomLink {
    private final LiveRoom room;
    private final RoomSequencer sequencer;
    private final PresenceView view;
    private final Object presenceLock = new Object();

    RoomLink(LiveRoom room, RoomSequencer sequencer) {
        this.room = room;
        this.sequencer = sequencer;
        this.view = new PresenceView(room);
    }

    LiveRoom room() {
        return room;
    }

    RoomSequencer sequencer() {
        return sequencer;
    }

    PresenceView view() {
        return view;
    }

    Object presenceLock() {
        return presenceLock;
    }
}
