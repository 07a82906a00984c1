package dev.community.server.ws;

import dev.community.server.StorageReads;

/**
 * Makes the session stage of an admitted upgrade: a room socket's {@link RoomSessionHandler} or the user stream's
 * {@link StreamSessionHandler}, each given the collaborators it uses. Both take the client's frames, write their
 * own events and keep the access token's life the same way ({@link SocketHandler}); both hold their rooms through
 * {@link RoomSubscription}s; the stream also watches the user's other rooms ({@link RoomWatch}).
 */
public final class Sessions {
    private final FrameReading reading;
    private final FrameWriting writing;
    private final TokenLifetime token;
    private final RoomEntrance entrance;
    private final StorageReads reads;
    private final RoomReplies replies;
    private final RoomSubscriptions subscriptions;
    private final int maxSubscriptions;

    /** @param maxSubscriptions {@code ws.max_subscriptions}: rooms one user stream may subscribe to at once */
    public Sessions(FrameReading reading, FrameWriting writing, TokenLifetime token, RoomEntrance entrance,
                    StorageReads reads, RoomFrameActions actions, RoomReplies replies, int maxSubscriptions) {
        this.reading = reading;
        this.writing = writing;
        this.token = token;
        this.entrance = entrance;
        this.reads = reads;
        this.replies = replies;
        this.subscriptions = new RoomSubscriptions(entrance, reads, actions, writing, replies);
        this.maxSubscriptions = maxSubscriptions;
    }

    RoomSessionHandler room(SessionContext context) {
        return new RoomSessionHandler(reading, writing, token, subscriptions, context);
    }

    /** @param admitter how the stream admits a {@code subscribe}: the room sockets' own admission */
    StreamSessionHandler stream(StreamContext context, UpgradeAdmission.RoomAdmitter admitter) {
        return new StreamSessionHandler(reading, writing, token, subscriptions, entrance, reads, replies,
                maxSubscriptions, context, admitter);
    }
}
