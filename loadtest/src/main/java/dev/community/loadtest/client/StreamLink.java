package dev.community.loadtest.client;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.WireFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One user's stream connection (§2.13) shared by that user's {@link SimClient}s, one per room: each keeps its own
 * ledger, sends and acknowledgements exactly as on a room socket, while the link opens the one socket, subscribes
 * every room after {@code ready}, and routes each event to its room's client by the {@code room_id} the server writes
 * right after the event's name. The first client (the lead) owns the connect: it takes the connect gate's slot, the
 * connect timer, the heartbeat and the open-connection count, so a stream counts as one connection. Everything
 * here runs on the lead's event loop, where all of the user's clients live.
 */
public final class StreamLink {
    private static final byte[] EVENT_FIRST = ("{\"" + WireFields.EVENT + "\":\"").getBytes(StandardCharsets.US_ASCII);
    /** The protocol module has no constant for the stream's room field (WireFields lacks it): the one spelling here. */
    private static final String ROOM_ID = "room_id";
    private static final byte[] ROOM_ID_NEXT = (",\"" + ROOM_ID + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final int UUID_CHARS = 36;

    private final int loopIndex;
    private final Map<UUID, SimClient> members = new LinkedHashMap<>();
    private SimClient lead;

    /** @param loopIndex the lead client's index: picks the loop, bootstrap and source address of the connection */
    public StreamLink(int loopIndex) {
        this.loopIndex = loopIndex;
    }

    int loopIndex() {
        return loopIndex;
    }

    /** Adds the user's client for one room; the first added is the lead. */
    void add(SimClient member) {
        if (members.putIfAbsent(member.roomId(), member) != null) {
            throw new IllegalArgumentException("a user's stream subscribes to a room once: " + member.roomId());
        }
        if (lead == null) {
            lead = member;
        }
    }

    boolean isLead(SimClient client) {
        return client == lead;
    }

    /** The lead starts connecting: so does every other room of the user, on the same socket. */
    void opening(long startNanos, Channel channel) {
        for (SimClient member : members.values()) {
            if (member != lead) {
                member.streamConnecting(startNanos);
            }
            member.attach(channel);
        }
    }

    /** ready arrived: one subscribe per room still waiting for its room_state, in one flush. */
    private void onReady() {
        Channel channel = null;
        for (SimClient member : members.values()) {
            if (member.state() != SimClient.State.CONNECTING) {
                continue;
            }
            channel = member.channel();
            // A resume subscribes each room with the since_seq that room holds (§2.13 "Resume").
            long since = member.resumeFrom();
            byte[] frame = member.settings().codec().encode(new ClientFrame.Subscribe(member.roomId(),
                    since >= 0 ? since : null));
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
        }
        if (channel != null) {
            channel.flush();
        }
    }

    /** An event from the stream: to the client of the room it names, user-level ones to the lead. */
    void onText(ByteBuf content, NewMessageScanner scanner) {
        UUID roomId = roomIdOf(content);
        SimClient member = roomId == null ? lead : members.get(roomId);
        if (member == null) {
            lead.error("stream:event_for_unknown_room");
            return;
        }
        if (NewMessageScanner.isNewMessage(content) && scanner.scan(content)) {
            member.onNewMessage(scanner.seq(), scanner.stampNanos(), scanner.clientId());
            return;
        }
        ServerEvent event;
        try {
            event = lead.settings().codec().decodeServerEvent(ByteBufUtil.getBytes(content));
        } catch (ProtocolException e) {
            lead.error("protocol:" + e.code().wire());
            return;
        }
        if (event instanceof ServerEvent.Ready) {
            onReady();
        } else if (event instanceof ServerEvent.RoomRemoved) {
            // Where a room socket would have been closed with 4003: the room's client is lost to the run.
            member.error("stream:room_removed");
        } else if (roomId == null || event instanceof ServerEvent.RoomState || event instanceof ServerEvent.NewMessage
                || event instanceof ServerEvent.MessageHistory || event instanceof ServerEvent.ErrorEvent
                || event instanceof ServerEvent.Typing) {
            // room_activity, mentioned and the other user-level events name a room too, but carry nothing the
            // audit or the figures need.
            member.onEvent(event);
        }
    }

    /**
     * Drops the socket as a network failure would, when the lead is live: every room of the user is marked dropped
     * and the lead reconnects after its delay (the others with it, see {@link #opening}).
     */
    void drop() {
        if (lead.state() != SimClient.State.LIVE) {
            return;
        }
        Channel channel = lead.channel();
        for (SimClient member : members.values()) {
            member.streamDropping();
        }
        channel.close();
    }

    /** The lead's connect attempt failed: the rooms waiting on it failed too (each counted once, by the lead). */
    void leadFailed(boolean retrying) {
        for (SimClient member : members.values()) {
            if (member != lead) {
                member.failWithLead(retrying);
            }
        }
    }

    void onCloseFrame(int code) {
        for (SimClient member : members.values()) {
            member.onCloseFrame(code);
        }
    }

    /** The socket closed: every room of the user loses it (unless the lead is only retrying a full admission gate). */
    void onInactive() {
        if (lead.retryingAdmission()) {
            lead.onInactive();
            return;
        }
        for (SimClient member : new ArrayList<>(members.values())) {
            member.onInactive();
        }
    }

    void flushAll() {
        for (SimClient member : members.values()) {
            member.flushIfNeeded();
        }
    }

    /**
     * The room a stream event names: {@code "room_id":"…"} right after {@code {"event":"name"} (where the server
     * writes it, see the contract §2.13); null when it is not there (ready, room_added and other user-level events).
     */
    static UUID roomIdOf(ByteBuf frame) {
        int from = frame.readerIndex();
        int to = frame.writerIndex();
        if (!matches(frame, from, to, EVENT_FIRST)) {
            return null;
        }
        for (int i = from + EVENT_FIRST.length; i < to; i++) {
            if (frame.getByte(i) == '"') {
                int at = i + 1;
                if (!matches(frame, at, to, ROOM_ID_NEXT) || at + ROOM_ID_NEXT.length + UUID_CHARS > to) {
                    return null;
                }
                try {
                    return UUID.fromString(frame.toString(at + ROOM_ID_NEXT.length, UUID_CHARS, StandardCharsets.US_ASCII));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A room frame for the stream: the encoded frame with {@code "room_id"} as its first field. */
    static byte[] withRoom(byte[] frame, UUID roomId) {
        byte[] field = ("{\"" + ROOM_ID + "\":\"" + roomId + "\",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[field.length + frame.length - 1];
        System.arraycopy(field, 0, out, 0, field.length);
        System.arraycopy(frame, 1, out, field.length, frame.length - 1);
        return out;
    }

    private static boolean matches(ByteBuf frame, int at, int to, byte[] prefix) {
        if (to - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
