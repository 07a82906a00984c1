package dev.community.server.ws;

import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import io.netty.channel.Channel;
import java.util.UUID;

/**
 * A user stream connection as session control sees it: the user-level changes it hears of, on this node (and,
 * through the control relay, from every other). Each method is called on the stream's event loop.
 */
interface UserStream {

    Channel channel();

    String userId();

    /** The user's membership of a room changed: a new role or mute, a new membership, or (null / banned) its end. */
    void membershipChanged(UUID roomId, Membership updated);

    /** A room's settings changed (the stream tells it when the room is one of the user's). */
    void roomChanged(RoomRecord updated);

    /** The user started or stopped blocking {@code blocked}. */
    void blockChanged(String blocked, boolean blocking);

    /**
     * The user's read marker in a room moved ({@code event} the encoded read_updated); {@code except} is the
     * socket whose mark_read moved it (null for REST): when it is one of this stream's subscriptions, the stream
     * only takes the new counts.
     */
    void readUpdated(UUID roomId, byte[] event, RoomSession except);
}
