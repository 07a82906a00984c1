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
@JsonPropertyOrder({WireFields.EVENT})
public sealed interface ServerEvent {

    @JsonProperty(WireFields.EVENT)
    String event();

    /**
     * {@code hasGap} is only written for a {@code since_seq} resume (null otherwise). {@code onlineUsers} lists
     * everyone online up to the server's presence list limit and that many of them above it; {@code onlineCount} is
     * always the whole number.
     */
    record RoomState(Room room, List<Message> messages, List<User> onlineUsers, boolean hasMore, long lastSeq,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasGap, long onlineCount,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Instant tokenExpiresAt) implements ServerEvent {
        public static final String EVENT = "room_state";

        public String event() {
            return EVENT;
        }
    }

    /**
     * Who came and went in a room with more people online than the presence list limit, summed up at most once per
     * tick instead of a user_joined / user_left per person: {@code joined} and {@code left} hold up to the limit each
     * ({@code complete} false when more changed than they hold), {@code onlineCount} the whole number now.
     */
    record Presence(long onlineCount, List<User> joined, List<User> left, boolean complete) implements ServerEvent {
        public static final String EVENT = "presence";

        public String event() {
            return EVENT;
        }
    }

    /** A {@code refresh} was accepted: the socket now lives until {@code expiresAt}, the new token's {@code exp}. */
    record TokenRefreshed(Instant expiresAt) implements ServerEvent {
        public static final String EVENT = "token_refreshed";

        public String event() {
            return EVENT;
        }
    }

    record Pong() implements ServerEvent {
        public static final String EVENT = "pong";

        public String event() {
            return EVENT;
        }
    }

    /** {@code clientId} is the sender's idempotency key on the copy sent to the sender, null otherwise. */
    record NewMessage(Message message, String clientId) implements ServerEvent {
        public static final String EVENT = "new_message";

        public String event() {
            return EVENT;
        }
    }

    record MessageHistory(List<Message> messages, boolean hasMore) implements ServerEvent {
        public static final String EVENT = "message_history";

        public String event() {
            return EVENT;
        }
    }

    record Typing(User user, boolean isTyping) implements ServerEvent {
        public static final String EVENT = "typing";

        public String event() {
            return EVENT;
        }
    }

    record UserJoined(User user) implements ServerEvent {
        public static final String EVENT = "user_joined";

        public String event() {
            return EVENT;
        }
    }

    record UserLeft(User user) implements ServerEvent {
        public static final String EVENT = "user_left";

        public String event() {
            return EVENT;
        }
    }

    record MessageUpdated(Message message) implements ServerEvent {
        public static final String EVENT = "message_updated";

        public String event() {
            return EVENT;
        }
    }

    record MessageDeleted(UUID messageId, long seq) implements ServerEvent {
        public static final String EVENT = "message_deleted";

        public String event() {
            return EVENT;
        }
    }

    /**
     * A message's reaction counts after one change: {@code userId} {@code added} (or removed) {@code emoji}. Encoded
     * once for the whole room, so it names whose reaction it was: the client of that user updates its own
     * my_reactions by it, everyone else only the counts.
     */
    record ReactionsUpdated(UUID messageId, Map<String, Integer> reactionCounts, String userId, String emoji,
                            boolean added) implements ServerEvent {
        public static final String EVENT = "reactions_updated";

        public String event() {
            return EVENT;
        }
    }

    /** A moderator pinned a message of the room (PROTOCOL.md §2.13); its is_pinned is now true. */
    record MessagePinned(UUID messageId, long seq, User pinnedBy, Instant pinnedAt) implements ServerEvent {
        public static final String EVENT = "message_pinned";

        public String event() {
            return EVENT;
        }
    }

    /** A moderator unpinned a message of the room; its is_pinned is now false. */
    record MessageUnpinned(UUID messageId, long seq, User unpinnedBy) implements ServerEvent {
        public static final String EVENT = "message_unpinned";

        public String event() {
            return EVENT;
        }
    }

    record MemberUpdated(User user, Role role, Instant until) implements ServerEvent {
        public static final String EVENT = "member_updated";

        public String event() {
            return EVENT;
        }
    }

    record ReadUpdated(UUID roomId, long lastReadSeq, long unreadCount) implements ServerEvent {
        public static final String EVENT = "read_updated";

        public String event() {
            return EVENT;
        }
    }

    /** {@code clientId} echoes the failed frame's; {@code retryAfterMs} only for rate_limited / slow_mode. */
    record ErrorEvent(String code, String message, String clientId,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterMs) implements ServerEvent {
        public static final String EVENT = "error";

        public String event() {
            return EVENT;
        }

        public static ErrorEvent of(ErrorCode code, String message) {
            return new ErrorEvent(code.wire(), message, null, null);
        }
    }

    /**
     * User stream: the first event. Every room and DM {@code user} belongs to with its {@code last_seq} (the Room
     * carries my_role, last_read_seq, unread_count and unread_mentions); {@code maxSubscriptions} is this
     * connection's subscription cap.
     */
    record Ready(User user, List<MemberRoom> rooms, int maxSubscriptions,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Instant tokenExpiresAt) implements ServerEvent {
        public static final String EVENT = "ready";

        public String event() {
            return EVENT;
        }
    }

    /**
     * User stream: new messages in one of my rooms, at most one a second per room: the room's newest seq and my
     * unread and mention counts now.
     */
    record RoomActivity(UUID roomId, long lastSeq, long unreadCount, long unreadMentions) implements ServerEvent {
        public static final String EVENT = "room_activity";

        public String event() {
            return EVENT;
        }
    }

    /** User stream: a message that mentions me, in any of my rooms (hidden content blanked, as for members). */
    record Mentioned(UUID roomId, Message message) implements ServerEvent {
        public static final String EVENT = "mentioned";

        public String event() {
            return EVENT;
        }
    }

    /** User stream: I joined a room or DM, was added to one, or a DM with me was created. */
    record RoomAdded(MemberRoom room) implements ServerEvent {
        public static final String EVENT = "room_added";

        public String event() {
            return EVENT;
        }
    }

    /** User stream: a room of mine changed its settings; {@code room} as I see it now. */
    record RoomUpdated(Room room) implements ServerEvent {
        public static final String EVENT = "room_updated";

        public String event() {
            return EVENT;
        }
    }

    /** User stream: my role in a room changed, or I was muted or unmuted ({@code until}: when a mute ends). */
    record MembershipUpdated(UUID roomId, Role myRole,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant until) implements ServerEvent {
        public static final String EVENT = "membership_updated";

        public String event() {
            return EVENT;
        }
    }

    /**
     * User stream: a room is no longer mine ({@code reason} "banned", or "left" for leaving or removal); a
     * subscription to it has ended with this event.
     */
    record RoomRemoved(UUID roomId, String reason) implements ServerEvent {
        public static final String EVENT = "room_removed";
        public static final String BANNED = "banned";
        public static final String LEFT = "left";

        public String event() {
            return EVENT;
        }
    }

    /** User stream: the answer to {@code unsubscribe}; no event of the room's follows it. */
    record Unsubscribed(UUID roomId) implements ServerEvent {
        public static final String EVENT = "unsubscribed";

        public String event() {
            return EVENT;
        }
    }
}
