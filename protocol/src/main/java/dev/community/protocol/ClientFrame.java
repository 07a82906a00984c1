package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.UUID;

/**
 * A client → server frame (PROTOCOL.md §2.1), decoded from one JSON text frame by its {@code type}
 * ({@link JsonCodec#decodeClientFrame}); encoded with {@code type} first by {@link JsonCodec#encode(ClientFrame)}.
 */
@JsonPropertyOrder({WireFields.TYPE})
public sealed interface ClientFrame {

    /** The frame's {@code type} on the wire. */
    @JsonProperty(WireFields.TYPE)
    String type();

    record Ping() implements ClientFrame {
        public String type() {
            return "ping";
        }
    }

    /** {@code messageType} is "text" when absent; list fields are empty lists (never null) when absent. */
    record SendMessage(
            String content,
            String clientId,
            UUID replyToId,
            UUID threadId,
            String messageType,
            List<Attachment> attachments,
            List<String> mentions) implements ClientFrame {
        public String type() {
            return "send_message";
        }
    }

    record Typing(boolean isTyping) implements ClientFrame {
        public String type() {
            return "typing";
        }
    }

    /** {@code beforeSeq} null means "after the newest"; {@code limit} is 1–100, 50 when absent. */
    record RequestHistory(Long beforeSeq, int limit) implements ClientFrame {
        public String type() {
            return "request_history";
        }
    }

    record MarkRead(long seq) implements ClientFrame {
        public String type() {
            return "mark_read";
        }
    }

    /**
     * A fresh access JWT for the socket's own user: the socket lives until its {@code exp} instead of the old one's.
     * {@code toString} leaves the token out, so a logged frame never carries a credential.
     */
    record Refresh(String token) implements ClientFrame {
        public String type() {
            return "refresh";
        }

        @Override
        public String toString() {
            return "Refresh[token=(" + token.length() + " chars)]";
        }
    }

    /**
     * User stream only: start receiving one room's events, after its {@code room_state}; {@code sinceSeq} resumes
     * as on a room socket's upgrade (null: a fresh room_state).
     */
    record Subscribe(UUID roomId, Long sinceSeq) implements ClientFrame {
        public String type() {
            return "subscribe";
        }
    }

    /** User stream only: stop receiving one room's events (its user-level events keep coming). */
    record Unsubscribe(UUID roomId) implements ClientFrame {
        public String type() {
            return "unsubscribe";
        }
    }
}
