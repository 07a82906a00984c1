package dev.community.server.cluster;

import dev.community.protocol.User;
import java.util.UUID;

/**
 * What one node tells the others through Redis. Room envelopes travel on the room's channel, the rest on the
 * control channel. Event bodies are the exact JSON the clients receive, encoded once by the publishing node, so a
 * receiving node copies them into its fan-out instead of encoding them again.
 */
sealed interface Envelope {

    /** The publishing node (a node skips its own envelopes). */
    String nodeId();

    /** Wall-clock millis when it was published, for the hop metric. */
    long publishedAt();

    /** A short name for metrics. */
    String kind();

    /** A message was stored: {@code newMessage} is its new_message event without client_id. */
    record Stored(String nodeId, long publishedAt, UUID roomId, long seq, String clientId, byte[] newMessage)
            implements Envelope {
        public String kind() {
            return "message";
        }
    }

    /** Any other room event, with the moderators' variant when it differs (else null). */
    record Event(String nodeId, long publishedAt, UUID roomId, String name, String actorId, boolean excludeActor,
                 byte[] standard, byte[] forModerators) implements Envelope {
        public String kind() {
            return "event";
        }
    }

    /**
     * A user's presence in a room changed on {@code nodeId} (present or not), or the user is {@code gone} from every
     * node (their presence expired). {@code clientEvent} is the user_joined / user_left to deliver when this is also
     * the cluster-wide change, else null.
     */
    record Presence(String nodeId, long publishedAt, UUID roomId, User user, boolean present, boolean gone,
                    byte[] clientEvent) implements Envelope {
        public String kind() {
            return "presence";
        }
    }

    /** The room's messages up to {@code seq} are stored: a receiver that has not delivered them fills from storage. */
    record Watermark(String nodeId, long publishedAt, UUID roomId, long seq) implements Envelope {
        public String kind() {
            return "watermark";
        }
    }

    /** A membership change (role, mute, ban; null {@code membership} = removed) to apply to local sessions. */
    record Membership(String nodeId, long publishedAt, UUID roomId, String userId, byte[] membership) implements Envelope {
        public String kind() {
            return "membership";
        }
    }

    /** A room's settings changed (slow mode, trust gates, name...): {@code room} is the stored row, as JSON. */
    record RoomSettings(String nodeId, long publishedAt, UUID roomId, byte[] room) implements Envelope {
        public String kind() {
            return "room";
        }
    }

    /** A block list change to apply to local sessions. */
    record Block(String nodeId, long publishedAt, String blocker, String blocked, boolean blocking) implements Envelope {
        public String kind() {
            return "block";
        }
    }

    /** A user's read marker moved: {@code event} is the read_updated for their connections to the room. */
    record ReadMarker(String nodeId, long publishedAt, UUID roomId, String userId, byte[] event) implements Envelope {
        public String kind() {
            return "read";
        }
    }

    /** The node lost Redis for a while: every node catches its live rooms up from storage. */
    record Resync(String nodeId, long publishedAt) implements Envelope {
        public String kind() {
            return "resync";
        }
    }
}
