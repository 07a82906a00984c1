package dev.community.storage;

import dev.community.protocol.Message;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A room's pinned messages (PROTOCOL.md §2.13). Who may pin is the caller's rule; the store keeps the cap per room
 * exact under concurrent pins (the room's row lock) and never pins a tombstone (the message's row lock).
 */
public interface PinRepository {

    /** What a pin did. */
    enum PinResult {
        /** Pinned now. */
        PINNED,
        /** It was pinned already: nothing changed. */
        ALREADY_PINNED,
        /** The room holds its maximum of pins: nothing changed. */
        ROOM_FULL,
        /** The room has no such message, or it is deleted. */
        NO_SUCH_MESSAGE
    }

    /**
     * Pins a message of the room, unless the room holds {@code maxPins} pins already.
     *
     * @param maxPins the most pins the room may hold
     */
    PinResult pin(UUID roomId, UUID messageId, String pinnedBy, Instant at, int maxPins);

    /** Unpins a message of the room. @return false when it was not pinned (nothing changed) */
    boolean unpin(UUID roomId, UUID messageId);

    /** The room's pins, newest pin first, at most {@code limit}. */
    List<Pinned> list(UUID roomId, int limit);

    /** A pinned message, who pinned it (the id stands in for a user never seen) and when. */
    record Pinned(Message message, User pinnedBy, Instant pinnedAt) {
    }
}
