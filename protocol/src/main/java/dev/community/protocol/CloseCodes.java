package dev.community.protocol;

/** WebSocket close codes of PROTOCOL.md §2.5. */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** Server shutting down or draining, or the connection was idle for 90 s: reconnect with since_seq. */
    public static final int GOING_AWAY = 1001;
    /** A text frame that is not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** Policy: too many bad frames. */
    public static final int POLICY = 1008;
    /** Frame (or reassembled message) too large. */
    public static final int TOO_LARGE = 1009;
    /**
     * No longer allowed in the room while connected; the reason says why: {@link #BANNED_REASON} or
     * {@link #REMOVED_REASON}. Do not reconnect (a banned user's upgrade is refused with 403).
     */
    public static final int BANNED = 4003;
    /** The reason of a 4003 close when the user was banned from the room (until the ban ends or is lifted). */
    public static final String BANNED_REASON = "banned";
    /**
     * The reason of a 4003 close when the user stopped being a member: they left the room (from this or another
     * connection, or over REST). A public room can be joined again; a private one only by invitation.
     */
    public static final String REMOVED_REASON = "removed from the room";
    /** The room was deleted. */
    public static final int ROOM_DELETED = 4004;
    /** The client did not read fast enough and its outbound buffer hit the limit. */
    public static final int TOO_SLOW = 4008;
    /** The access token expired. */
    public static final int AUTH_EXPIRED = 4401;

    private CloseCodes() {
    }
}
