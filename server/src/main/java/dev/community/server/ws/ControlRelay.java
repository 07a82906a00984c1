package dev.community.server.ws;

import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import java.util.UUID;

/**
 * Carries session control changes made on this node to the other nodes of a cluster, which apply them to their
 * own sessions ({@link SessionControl#applyMembershipChange}, {@link SessionControl#applyBlockChange},
 * {@link SessionControl#applyRoomChange}, {@link SessionControl#applyReadUpdate}).
 * Implementations must not block: they are called from whatever thread made the change.
 */
public interface ControlRelay {

    /** A single node has nobody to tell. */
    ControlRelay NONE = new ControlRelay() {
        @Override
        public void membershipChanged(UUID roomId, String userId, Membership updated) {
        }

        @Override
        public void blockChanged(String blocker, String blocked, boolean blocking) {
        }

        @Override
        public void roomChanged(RoomRecord updated) {
        }

        @Override
        public void readUpdated(String userId, UUID roomId, byte[] event) {
        }
    };

    void membershipChanged(UUID roomId, String userId, Membership updated);

    void blockChanged(String blocker, String blocked, boolean blocking);

    /** The room's settings changed; every node's sessions in it take the stored row. */
    void roomChanged(RoomRecord updated);

    /** The user's read marker moved; {@code event} is the encoded read_updated for their other connections. */
    void readUpdated(String userId, UUID roomId, byte[] event);
}
