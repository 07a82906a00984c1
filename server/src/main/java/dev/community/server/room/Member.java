package dev.community.server.room;

import io.netty.channel.Channel;

/** A connection in a live room, as the fan-out sees it. Every method is called on the connection's event loop. */
public interface Member {

    Channel channel();

    String userId();

    /** Writes the delivery (or buffers it until the member's room_state is out); true when a frame was written. */
    boolean deliver(Delivery delivery);
}
