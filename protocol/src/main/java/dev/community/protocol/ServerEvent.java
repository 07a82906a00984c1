package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A server → client event (PROTOCOL.md §2.2). Each encodes as a JSON object whose {@code event} field
 * is {@link #event()}, followed by the record's components in snake_case.
 */
@JsonPropertyOrder({"event"})
public sealed interface ServerEvent {

    @JsonProperty("event")
    String event();

    /** {@code hasGap} is only written for a {@code since_seq} resume (null otherwise). */
    record RoomState(Room room, List<Message> messages, List<User> onlineUsers, boolean hasMore, long lastSeq,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasGap) implements ServerEvent {
        public String event() {
            return "room_state";
        }
    }

    record Pong() implements ServerEvent {
        public String event() {
            return "pong";
        }
    }

    /** {@code clientId} is the sender's idempotency key on the copy sent to the sender, null otherwise. */
    record NewMessage(Message message, String clientId) implements ServerEvent {
        public String event() {
            return "new_message";
        }
    }

    record MessageHistory(List<Message> messages, boolean hasMore) implements ServerEvent {
        public String event() {
            return "message_history";
        }
    }

    record Typing(User user, boolean isTyping) implements ServerEvent {
        public String event() {
            return "typing";
        }
    }

    record UserJoined(User user) implements ServerEvent {
        public String event() {
            return "user_joined";
        }
    }

    record UserLeft(User user) implements ServerEvent {
        public String event() {
            return "user_left";
        }
    }

    record MessageUpdated(Message message) implements ServerEvent {
        public String event() {
            return "message_updated";
        }
    }

    record MessageDeleted(UUID messageId, long seq) implements ServerEvent {
        public String event() {
            return "message_deleted";
        }
    }

    record ReactionsUpdated(UUID messageId, Map<String, Integer> reactionCounts) implements ServerEvent {
        public String event() {
            return "reactions_updated";
        }
    }

    record MemberUpdated(User user, String role, Instant until) implements ServerEvent {
        public String event() {
            return "member_updated";
        }
    }

    record ReadUpdated(UUID roomId, long lastReadSeq, long unreadCount) implements ServerEvent {
        public String event() {
            return "read_updated";
        }
    }

    /** {@code clientId} echoes the failed frame's; {@code retryAfterMs} only for rate_limited / slow_mode. */
    record ErrorEvent(String code, String message, String clientId,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterMs) implements ServerEvent {
        public String event() {
            return "error";
        }

        public static ErrorEvent of(ErrorCode code, String message) {
            return new ErrorEvent(code.wire(), message, null, null);
        }
    }
}
