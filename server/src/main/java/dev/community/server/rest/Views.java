package dev.community.server.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.community.protocol.Room;
import dev.community.protocol.User;
import dev.community.storage.DirectMessageRepository;
import dev.community.storage.PinRepository;
import dev.community.storage.ThreadRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** REST bodies that have no record of their own in the protocol module; written snake_case by the codec. */
final class Views {
    private Views() {
    }

    /** A thread within a room. */
    record ThreadView(UUID id, UUID roomId, String title, String creatorId, @JsonProperty("is_locked") boolean isLocked,
                  long messageCount, Instant lastMessageAt, Instant createdAt) {
        static ThreadView of(ThreadRecord t) {
            return new ThreadView(t.id(), t.roomId(), t.title(), t.creatorId(), t.locked(), t.messageCount(),
                    t.lastMessageAt(), t.createdAt());
        }
    }

    /** A DM thread: its id is its room's id; {@code room} carries my unread counts. */
    record DmThread(UUID id, @JsonProperty("is_group") boolean isGroup, List<User> participants, Room room) {
        static DmThread of(DirectMessageRepository.DmThread t) {
            return new DmThread(t.id(), t.group(), t.participants(), t.room());
        }
    }

    /** A report as filed (who filed it is the caller; how many others did is not theirs to know). */
    record Report(UUID messageId, String reason, Instant createdAt) {
    }

    /** A room's pins, newest pin first: each {message, pinned_by, pinned_at}. */
    record Pins(List<PinRepository.Pinned> pins) {
    }

    /** The body of the reaction endpoints. */
    record Reactions(Map<String, Integer> reactionCounts) {
    }
}
