package dev.community.server.room;

import dev.community.protocol.ServerEvent;
import java.util.UUID;

/**
 * A room event other than a newly stored message (typing, presence, edits, deletes, reactions, member updates).
 *
 * @param forModerators the unredacted variant for moderators, or null when everyone gets {@code event}
 * @param actorId       the user the event is about or from (block filtering, exclusion), or null
 * @param excludeActor  the actor's own connections do not receive it
 */
public record RoomEvent(UUID roomId, ServerEvent event, ServerEvent forModerators, String actorId, boolean excludeActor) {

    public static RoomEvent toAll(UUID roomId, ServerEvent event) {
        return new RoomEvent(roomId, event, null, null, false);
    }

    public static RoomEvent toOthers(UUID roomId, ServerEvent event, String actorId) {
        return new RoomEvent(roomId, event, null, actorId, true);
    }
}
