package dev.community.server.room;

import dev.community.protocol.Message;

/**
 * The one seam through which room events reach members. The local bus delivers to this node's live rooms;
 * a cluster bus also carries them to the other nodes. Session code only ever talks to this interface.
 */
public interface RoomBus {

    /**
     * A message was committed. Called in seq order for each room (the writer completes commits in order), and
     * delivered to members in that order, the author's connections getting the copy carrying {@code clientId}.
     */
    void messageStored(Message message, String clientId);

    /** Any other room event. */
    void publish(RoomEvent event);
}
