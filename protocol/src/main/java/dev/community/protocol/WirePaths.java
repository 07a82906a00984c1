package dev.community.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The contract's HTTP paths and query parameters that a client builds its requests from: the connection-token
 * exchange, the room list, a room's messages, reactions and moderation, DMs, and a room's WebSocket. Paths end in
 * '/' as the contract writes them.
 */
public final class WirePaths {
    /** {@code POST} with the access JWT as a bearer token: answers a {@link ConnectionToken}. */
    public static final String CONNECTION_TOKEN = "/auth/ws-connection-token/";
    /** {@code GET}: the rooms visible to the caller, a page of {@link Room}s. */
    public static final String ROOMS = "/community/rooms/";
    /** {@code POST}: open a DM thread ({@code GET}: my threads). */
    public static final String DM = "/community/dm/";
    /** A room's WebSocket (forum or circle) is this, the room id, then '/'. */
    public static final String ROOM_SOCKET = "/ws/community/room/";
    /** The user stream: one WebSocket for all of a user's rooms. */
    public static final String STREAM_SOCKET = "/ws/community/stream/";

    /** Query parameter of the upgrade: the single-use connection token. */
    public static final String CONNECTION_TOKEN_PARAM = "connection_token";
    /** Query parameter of the upgrade: resume after this seq (the newest one the client holds). */
    public static final String SINCE_SEQ_PARAM = "since_seq";
    /** Query parameter of every list: the opaque cursor of the page after the one that named it. */
    public static final String CURSOR_PARAM = "cursor";
    /** Query parameter of every list: the page size, 1-100. */
    public static final String LIMIT_PARAM = "limit";
    /** The largest page a list answers. */
    public static final int MAX_LIMIT = 100;

    private WirePaths() {
    }

    /**
     * The path and query of a room's WebSocket upgrade.
     *
     * @param sinceSeq null for a fresh connection, else the seq to resume after
     */
    public static String roomSocket(UUID roomId, String connectionToken, Long sinceSeq) {
        String path = ROOM_SOCKET + roomId + "/?" + CONNECTION_TOKEN_PARAM + "=" + encode(connectionToken);
        return sinceSeq == null ? path : path + "&" + SINCE_SEQ_PARAM + "=" + sinceSeq;
    }

    /** The path and query of the user stream's upgrade. */
    public static String streamSocket(String connectionToken) {
        return STREAM_SOCKET + "?" + CONNECTION_TOKEN_PARAM + "=" + encode(connectionToken);
    }

    /** One page of the room list: the first when {@code cursor} is null. */
    public static String rooms(String cursor, int limit) {
        String path = ROOMS + "?" + LIMIT_PARAM + "=" + limit;
        return cursor == null ? path : path + "&" + CURSOR_PARAM + "=" + encode(cursor);
    }

    /** A room's messages: {@code POST} one, {@code GET} history (newest first) with {@code limit}; null for none. */
    public static String roomMessages(UUID roomId, Integer limit) {
        String path = ROOMS + roomId + "/messages/";
        return limit == null ? path : path + "?" + LIMIT_PARAM + "=" + limit;
    }

    /** {@code POST}: add the caller's reaction to a message. */
    public static String reactions(UUID roomId, String messageId) {
        return ROOMS + roomId + "/messages/" + encode(messageId) + "/react/";
    }

    /** {@code POST}: a moderation action in a room. */
    public static String moderation(UUID roomId) {
        return ROOMS + roomId + "/moderation/";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
