package dev.community.server.ws;

/**
 * Makes the session stage of an admitted upgrade: a room socket's {@link RoomSessionHandler} or the user stream's
 * {@link StreamSessionHandler}, each given the parts it uses.
 */
public final class Sessions {
    private final SocketParts socket;
    private final RoomParts rooms;

    public Sessions(SocketParts socket, RoomParts rooms) {
        this.socket = socket;
        this.rooms = rooms;
    }

    RoomSessionHandler room(SessionContext context) {
        return new RoomSessionHandler(socket, rooms, context);
    }

    /** @param admitter how the stream admits a {@code subscribe}: the room sockets' own admission */
    StreamSessionHandler stream(StreamContext context, UpgradeAdmission.RoomAdmitter admitter) {
        return new StreamSessionHandler(socket, rooms, context, admitter);
    }
}
