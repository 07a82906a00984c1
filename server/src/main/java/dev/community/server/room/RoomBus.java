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

    /**
     * Any other room event. A {@code user_joined} / {@code user_left} published here means the user's first /
     * last connection to the room <em>on this node</em>; a cluster bus forwards it only when it is also the
     * first / last in the whole cluster, so members hear of each user's presence once.
     */
    void publish(RoomEvent event);
}
