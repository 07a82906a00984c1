package dev.community.server.room;

/**
 * Told when a room becomes live on this node, when another connection enters it, and when its last connection
 * leaves, so a cluster can subscribe to the room's traffic only while this node has members in it. Called under
 * the registry's per-room lock, so calls for one room never overlap and arrive in order: implementations must be
 * quick and must not block (dispatch asynchronous work, do not wait for it).
 */
public interface RoomLifecycle {

    /** Does nothing: a single node needs no notice. */
    RoomLifecycle NONE = new RoomLifecycle() {
        @Override
        public void opened(LiveRoom room, long lastSeqSeen) {
        }

        @Override
        public void entered(LiveRoom room, long lastSeqSeen) {
        }

        @Override
        public void closed(LiveRoom room) {
        }
    };

    /**
     * The room's first connection on this node is entering.
     *
     * @param lastSeqSeen the room's last seq as read from storage before the room went live (the connection's
     *                    pre-upgrade check), or -1 when unknown: every session of this live room reads its
     *                    room_state later than that, so it already holds every message up to this seq
     */
    void opened(LiveRoom room, long lastSeqSeen);

    /** Another connection is entering the already live room; {@code lastSeqSeen} as for {@link #opened}. */
    void entered(LiveRoom room, long lastSeqSeen);

    /** The room's last connection on this node left; the live room is gone. */
    void closed(LiveRoom room);
}
