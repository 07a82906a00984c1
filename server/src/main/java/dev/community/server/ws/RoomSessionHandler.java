package dev.community.server.ws;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.ServerEvent;
import dev.community.server.room.LiveRoom;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room socket, from the completed handshake to the close: its one {@link RoomSubscription} sends room_state and
 * answers the room's frames; the socket's own rules (budget, bad frames, refresh, expiry) are {@link SocketHandler}'s.
 * Reading stays off until room_state is written, so a frame sent right after the upgrade is answered after it.
 */
public final class RoomSessionHandler extends SocketHandler implements RoomSubscription.Outlet {
    private static final Logger log = LoggerFactory.getLogger(RoomSessionHandler.class);
    /** room_state carries at most this many of the newest messages on a fresh connection. */
    static final int ROOM_STATE_MESSAGES = RoomSubscription.ROOM_STATE_MESSAGES;
    /** A since_seq resume carries at most this many missed messages, then has_gap. */
    static final int RESUME_MAX = RoomSubscription.RESUME_MAX;

    private final SessionContext context;
    private final RoomSubscription room;

    RoomSessionHandler(FrameReading reading, FrameWriting writing, TokenLifetime token,
                       RoomSubscriptions subscriptions, SessionContext context) {
        super(reading, writing, token, log);
        this.context = context;
        this.room = subscriptions.open(context, this, null);
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        // The token's end first: room_state names it.
        expireAt(ctx, context.principal().expiresAt());
        if (!room.start(ctx, null)) {
            // Banned or removed while being admitted: closed with 4003 before it saw anything of the room.
            cancelExpiry();
            writing.metrics().connectionClosed();
            return;
        }
        log.debug("ws open user={} room={} type={} resume={}", context.principal().userId(), context.room().id(),
                context.room().roomType(), context.sinceSeq() != null);
    }

    @Override
    String userId() {
        return context.principal().userId();
    }

    @Override
    void onText(ChannelHandlerContext ctx, ByteBuf content) {
        if (room.session() == null) {
            return;
        }
        ClientFrame frame;
        try {
            frame = reading.codec().decodeClientFrame(ByteBufUtil.getBytes(content));
        } catch (ProtocolException e) {
            badFrame(ctx, e);
            return;
        }
        if (frame instanceof ClientFrame.Subscribe || frame instanceof ClientFrame.Unsubscribe) {
            // the user stream's frames: a room socket knows no such type, as before the stream existed
            unknownType(ctx, frame, null);
            return;
        }
        if (frame instanceof ClientFrame.SendMessage) {
            // Messages have their own per-user rate and slow mode (MessageService).
            room.onFrame(ctx, frame);
            return;
        }
        if (!takeRequest(ctx, frame)) {
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            send(ctx, new ServerEvent.Pong());
        } else if (frame instanceof ClientFrame.Refresh refresh) {
            onRefresh(ctx, refresh);
        } else {
            room.onFrame(ctx, frame);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, ByteBuf json) {
        super.write(ctx, json);
    }

    @Override
    public void strike(ChannelHandlerContext ctx) {
        super.strike(ctx);
    }

    @Override
    public void roomStateWritten(ChannelHandlerContext ctx) {
        // The client's frames are read from now on: one sent right after the upgrade (a send_message, say) is
        // answered after room_state, so its acknowledgement is never folded into room_state unseen.
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void storageFailed(ChannelHandlerContext ctx, boolean beforeRoomState) {
        if (beforeRoomState) {
            // room_state could not be built: the client still gets its frames read (to retry, or to close).
            // Only then: later on, reading may be off for another reason (a drain) and must stay so.
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public Instant tokenExpiresAt() {
        return super.tokenExpiresAt();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        leave();
        super.channelInactive(ctx);
    }

    private void leave() {
        RoomSession leaving = room.leave();
        if (leaving == null) {
            return;
        }
        cancelExpiry();
        writing.metrics().connectionClosed();
        LiveRoom live = leaving.live();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leaving.openedNanos());
        log.info("ws session user={} room={} type={} duration_ms={} code={} client={}", leaving.userId(), live.id(),
                live.roomType(), millis, Closer.codeSent(leaving.channel(), closeCode),
                dev.community.server.http.ClientAddress.of(leaving.channel()).getHostAddress());
    }

    /** For tests and operators: the session once the handshake completed. */
    RoomSession session() {
        return room.session();
    }
}
