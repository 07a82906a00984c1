package dev.community.server.room;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The user stream carries many rooms on one socket, so each room-scoped event names its room: the same JSON a
 * room socket gets, with {@code "room_id":"…"} written right after the {@code event} field (which the codec always
 * writes first). Made by copying the encoded bytes around the inserted field, never by encoding the event again,
 * and for a fanned-out event once per event however many stream connections receive it
 * ({@link Delivery#bytesFor(String, boolean, boolean, UUID)}). An event that already names its room (read_updated)
 * is left as it is.
 */
public final class RoomTags {
    private static final byte[] ROOM_ID = "\"room_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_FIRST = "{\"event\":\"".getBytes(StandardCharsets.US_ASCII);

    private RoomTags() {
    }

    /** The event JSON {@code json} naming {@code roomId}; takes ownership of (releases) {@code json}. */
    public static ByteBuf tag(ByteBuf json, UUID roomId) {
        try {
            return tagged(json, json.readerIndex(), json.readableBytes(), roomId);
        } finally {
            json.release();
        }
    }

    /**
     * A new buffer holding the {@code length} bytes of event JSON at {@code from} in {@code source} with the room's id
     * inserted; {@code source} is only read.
     */
    static ByteBuf tagged(ByteBuf source, int from, int length, UUID roomId) {
        int insertAt = insertionPoint(source, from, length);
        if (insertAt < 0) {
            // names its room already: a copy of it as it is
            return source.alloc().directBuffer(length).writeBytes(source, from, length);
        }
        byte[] field = (new String(ROOM_ID, StandardCharsets.US_ASCII) + roomId + "\",")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuf out = source.alloc().directBuffer(length + field.length);
        out.writeBytes(source, from, insertAt - from).writeBytes(field).writeBytes(source, insertAt, from + length - insertAt);
        return out;
    }

    /**
     * Where the room field goes: after {@code {"event":"name",} (an event name holds neither quote nor comma), or
     * right after the opening brace when the event does not start that way; -1 when the event names its room
     * already, right after its event field.
     */
    private static int insertionPoint(ByteBuf source, int from, int length) {
        int end = from + length;
        if (startsWith(source, from, end, EVENT_FIRST)) {
            for (int i = from + EVENT_FIRST.length; i < end; i++) {
                if (source.getByte(i) == '"') {
                    if (i + 1 < end && source.getByte(i + 1) == ',') {
                        return startsWith(source, i + 2, end, ROOM_ID) ? -1 : i + 2;
                    }
                    break;
                }
            }
        }
        return from + 1;
    }

    private static boolean startsWith(ByteBuf source, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (source.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
