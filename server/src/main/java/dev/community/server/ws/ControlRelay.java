package dev.community.server.ws;

import dev.community.storage.MembershipRecord;
import java.util.UUID;

/**
 * Carries session control changes made on this node to the other nodes of a cluster, which apply them to their
 * own sessions ({@link SessionControl#applyMembershipChange}, {@link SessionControl#applyBlockChange}).
 * Implementations must not block: they are called from whatever thread made the change.
 */
public interface ControlRelay {

    /** A single node has nobody to tell. */
    ControlRelay NONE = new ControlRelay() {
        @Override
        public void membershipChanged(UUID roomId, String userId, MembershipRecord updated) {
        }

        @Override
        public void blockChanged(String blocker, String blocked, boolean blocking) {
        }
    };

    void membershipChanged(UUID roomId, String userId, MembershipRecord updated);

    void blockChanged(String blocker, String blocked, boolean blocking);
}
