package dev.community.protocol;

/**
 * One of my rooms on the user stream ({@code ready}, {@code room_added}): the room as I see it (my role, read
 * marker and unread counts) and its newest seq, from which a client decides whether to subscribe or resume.
 */
public record RoomSummary(Room room, long lastSeq) {
}
