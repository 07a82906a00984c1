package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One of my rooms on the user stream ({@code ready}, {@code room_added}): the room as I see it (my role, read
 * marker and unread counts) and its newest seq, from which a client decides whether to subscribe or resume. For a
 * DM, {@code onlineUsers} are its participants online now (a DM has at most a handful, so this is cheap); null
 * (not written) for forums and circles, whose presence comes with a subscription's room_state.
 */
public record MemberRoom(Room room, long lastSeq, @JsonInclude(JsonInclude.Include.NON_NULL) List<User> onlineUsers) {

    /** A forum's or circle's summary, without presence. */
    public MemberRoom(Room room, long lastSeq) {
        this(room, lastSeq, null);
    }
}
