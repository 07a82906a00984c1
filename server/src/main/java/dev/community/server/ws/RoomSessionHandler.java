package dev.community.server.ws;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.ServerEvent;
import dev.community.server.OnLoop;
import dev.community.server.ServerContext;
import dev.community.server.WireViews;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.RecentMessages;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomRegistry;
import dev.community.server.send.SendRejectedException;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.MessageRejectedException;
import dev.community.storage.StorageUnavailableException;
import dev.community.storage.WriteOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import dev.community.server.deflate.PerMessageDeflate;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's room session, from the completed handshake to the close: sends room_state, turns client
 * frames into actions, and leaves the room cleanly. Runs on the channel's event loop; every database round
 * trip goes to the blocking executor and its result comes back here.
 */
public final class RoomSessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(RoomSessionHandler.class);
    /** room_state carries at most this many of the newest messages on a fresh connection. */
    static final int ROOM_STATE_MESSAGES = 50;
    /** A since_seq resume carries at most this many missed messages, then has_gap. */
    static final int RESUME_MAX = 500;
    private static final long BAD_FRAME_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ServerContext app;
    private final SessionContext context;
    private RoomSession session;
    private ScheduledFuture<?> authExpiry;
    private int badFrames;
    private long badFrameWindowStart;
    private int closeCode = CloseCodes.NORMAL;

    public RoomSessionHandler(ServerContext app, SessionContext context) {
        this.app = app;
        this.context = context;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            start(ctx);
        } else if (evt instanceof IdleStateEvent) {
            closeWith(ctx, CloseCodes.GOING_AWAY, "idle");
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        app.metrics().handshake("ok");
        app.metrics().connectionOpened();
        var pipeline = ctx.pipeline();
        for (String http : List.of("request-deadline", "http-keepalive", "ws-gatekeeper", "http-router")) {
            if (pipeline.get(http) != null) {
                pipeline.remove(http);
            }
        }
        Duration idle = app.config().ws().idleTimeout();
        pipeline.addBefore(ctx.name(), "ws-idle", new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS));

        LiveRoom live = app.rooms().acquire(context.room().id(), context.room().roomType(), context.room().lastSeq());
        session = new RoomSession(ctx.channel(), context.principal(), context.room(), context.membership(), live,
                app.metrics(), app.closer(), app.config().ws().slowConsumerMaxBytes());
        live.add(session);
        app.connections().register(session);
        if (live.enterPresence(context.principal().user())) {
            app.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserJoined(context.principal().user()),
                    session.userId()));
        }
        long untilExpiry = Duration.between(app.clock().instant(), context.principal().expiresAt()).toMillis();
        authExpiry = ctx.executor().schedule(() -> closeWith(ctx, CloseCodes.AUTH_EXPIRED, "authentication expired"),
                Math.max(0, untilExpiry), TimeUnit.MILLISECONDS);
        log.debug("ws open user={} room={} type={} resume={}", session.userId(), live.id(), live.roomType(),
                context.sinceSeq() != null);
        loadBlocksThenRoomState(ctx);
    }

    private void loadBlocksThenRoomState(ChannelHandlerContext ctx) {
        // In a cluster the room's presence on other nodes must be known before room_state lists who is online.
        var blocks = app.blocking().supply(() -> app.storage().blocks().blockedIdsOf(session.userId()))
                .thenCombine(session.live().ready(), (blocked, ready) -> blocked);
        onLoop(ctx, blocks, blocked -> {
            session.blocked().addAll(blocked);
            sendRoomState(ctx);
        });
    }

    private void sendRoomState(ChannelHandlerContext ctx) {
        RecentMessages recent = session.live().recent();
        // In a cluster the window can lag behind what the pre-upgrade check read (a message still on its way from
        // another node): then storage answers, so room_state holds everything the room had.
        boolean windowCurrent = recent.lastSeq() >= context.room().lastSeq();
        Long since = context.sinceSeq();
        if (since != null) {
            var resume = windowCurrent ? recent.after(since, RESUME_MAX) : Optional.<RecentMessages.Resume>empty();
            if (resume.isPresent()) {
                writeRoomState(ctx, resume.get().messages(), since > 0, null, resume.get().syncSeq());
                return;
            }
            onLoop(ctx, app.blocking().supply(() -> app.storage().messages().latest(context.room().id(), RESUME_MAX + 1)),
                    newest -> {
                        long readUpTo = newest.isEmpty() ? 0 : newest.get(newest.size() - 1).seq();
                        List<Message> missed = newest.stream().filter(m -> m.seq() > since).toList();
                        boolean gap = missed.size() > RESUME_MAX;
                        if (gap) {
                            missed = missed.subList(missed.size() - RESUME_MAX, missed.size());
                        }
                        long syncSeq = missed.isEmpty() ? Math.min(since, readUpTo) : readUpTo;
                        writeRoomState(ctx, missed, gap || since > 0, gap, syncSeq);
                    });
            return;
        }
        var page = windowCurrent ? recent.latest(ROOM_STATE_MESSAGES) : Optional.<RecentMessages.Page>empty();
        if (page.isPresent()) {
            List<Message> messages = page.get().messages();
            writeRoomState(ctx, messages, page.get().hasMore(), null, lastSeqOf(messages));
            return;
        }
        onLoop(ctx, app.blocking().supply(() -> app.storage().messages().latest(context.room().id(), RoomRegistry.RECENT_WINDOW)),
                newest -> {
                    recent.prime(newest, RoomRegistry.RECENT_WINDOW);
                    int from = Math.max(0, newest.size() - ROOM_STATE_MESSAGES);
                    List<Message> messages = newest.subList(from, newest.size());
                    boolean hasMore = from > 0 || newest.size() == RoomRegistry.RECENT_WINDOW;
                    writeRoomState(ctx, messages, hasMore, null, lastSeqOf(messages));
                });
    }

    private void writeRoomState(ChannelHandlerContext ctx, List<Message> messages, boolean hasMore, Boolean hasGap,
                                long syncSeq) {
        if (!ctx.channel().isActive()) {
            return;
        }
        var visible = WireViews.messages(messages, session.isModerator(), session.blocked());
        long lastSeq = Math.max(Math.max(syncSeq, context.room().lastSeq()), session.live().recent().lastSeq());
        var state = new ServerEvent.RoomState(WireViews.room(session.room(), session.membership(), context.readMarker()),
                visible, session.live().onlineUsers(), hasMore, lastSeq, hasGap);
        send(ctx, state);
        session.completeSync(syncSeq);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        app.metrics().frameIn();
        if (frame instanceof TextWebSocketFrame text) {
            onText(ctx, text.content());
        } else if (frame instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode() < 0 ? CloseCodes.NORMAL : close.statusCode();
            ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, "")).addListener(f -> ctx.close());
        } else if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            badFrame(ctx, new ProtocolException(ErrorCode.INVALID_PAYLOAD, "only text frames carry JSON", null));
        }
    }

    private void onText(ChannelHandlerContext ctx, ByteBuf content) {
        if (session == null) {
            return;
        }
        ClientFrame frame;
        try {
            frame = app.codec().decodeClientFrame(ByteBufUtil.getBytes(content));
        } catch (ProtocolException e) {
            badFrame(ctx, e);
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            send(ctx, new ServerEvent.Pong());
        } else if (frame instanceof ClientFrame.SendMessage message) {
            onSend(ctx, message);
        } else if (frame instanceof ClientFrame.Typing typing) {
            session.live().typing().typing(context.principal().user(), typing.isTyping(), ctx.executor());
        } else if (frame instanceof ClientFrame.RequestHistory history) {
            onHistory(ctx, history);
        } else if (frame instanceof ClientFrame.MarkRead markRead) {
            onMarkRead(ctx, markRead);
        }
    }

    private void onSend(ChannelHandlerContext ctx, ClientFrame.SendMessage frame) {
        session.live().typing().stopped(context.principal().user());
        CompletableFuture<WriteOutcome> stored = app.messages().send(context.principal(), session.room(),
                session.membership(), frame);
        OnLoop.then(stored, ctx.executor(), (outcome, cause) -> {
            if (cause == null) {
                if (outcome.duplicate()) {
                    // The first copy was acknowledged before (perhaps on another connection): answer this sender.
                    send(ctx, new ServerEvent.NewMessage(WireViews.message(outcome.message(), session.isModerator()),
                            frame.clientId()));
                }
                return;
            }
            if (cause instanceof SendRejectedException rejected) {
                send(ctx, new ServerEvent.ErrorEvent(rejected.code().wire(), rejected.getMessage(), frame.clientId(),
                        rejected.retryAfterMillis()));
            } else if (cause instanceof MessageRejectedException) {
                // Validation lets nothing through that the database refuses; if it ever does, resending won't help.
                app.metrics().rejected(ErrorCode.INVALID_PAYLOAD.wire());
                send(ctx, new ServerEvent.ErrorEvent(ErrorCode.INVALID_PAYLOAD.wire(), "the message cannot be stored",
                        frame.clientId(), null));
            } else {
                if (!(cause instanceof StorageUnavailableException)) {
                    log.warn("send failed in room {}", session.live().id(), cause);
                }
                app.metrics().rejected(ErrorCode.UNAVAILABLE.wire());
                send(ctx, new ServerEvent.ErrorEvent(ErrorCode.UNAVAILABLE.wire(),
                        "not stored; retry with the same client_id", frame.clientId(), null));
            }
        });
    }

    private void onHistory(ChannelHandlerContext ctx, ClientFrame.RequestHistory request) {
        long before = request.beforeSeq() == null ? Long.MAX_VALUE : request.beforeSeq();
        int limit = request.limit();
        onLoop(ctx, app.blocking().supply(() -> app.storage().messages().before(context.room().id(), before, limit + 1)),
                page -> {
                    boolean hasMore = page.size() > limit;
                    List<Message> messages = hasMore ? page.subList(1, page.size()) : page;
                    send(ctx, new ServerEvent.MessageHistory(
                            WireViews.messages(messages, session.isModerator(), session.blocked()), hasMore));
                });
    }

    private void onMarkRead(ChannelHandlerContext ctx, ClientFrame.MarkRead markRead) {
        var roomId = context.room().id();
        onLoop(ctx, app.blocking().supply(() -> app.storage().memberships().markRead(roomId, session.userId(), markRead.seq())),
                marker -> notifyOtherConnections(marker));
    }

    private void notifyOtherConnections(ReadMarker marker) {
        var roomId = context.room().id();
        var event = new ServerEvent.ReadUpdated(roomId, marker.lastReadSeq(), marker.unreadCount());
        // My other connections to the room hear of it, on this node and, in a cluster, on the others.
        app.control().readUpdated(session.userId(), roomId, app.codec().encode(event), session);
    }

    /** Runs {@code then} on this channel's loop with the result, or answers {@code unavailable} on failure. */
    private <T> void onLoop(ChannelHandlerContext ctx, CompletableFuture<T> future, Consumer<T> then) {
        OnLoop.then(future, ctx.executor(), (value, cause) -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (cause == null) {
                then.accept(value);
                return;
            }
            if (!(cause instanceof StorageUnavailableException)) {
                log.warn("storage call failed for room {}", context.room().id(), cause);
            }
            app.metrics().rejected(ErrorCode.UNAVAILABLE.wire());
            send(ctx, ServerEvent.ErrorEvent.of(ErrorCode.UNAVAILABLE, "storage is unavailable; retry"));
        });
    }

    private void badFrame(ChannelHandlerContext ctx, ProtocolException e) {
        app.metrics().rejected(e.code().wire());
        send(ctx, new ServerEvent.ErrorEvent(e.code().wire(), e.getMessage(), e.clientId(), null));
        long now = System.nanoTime();
        if (now - badFrameWindowStart > BAD_FRAME_WINDOW_NANOS) {
            badFrameWindowStart = now;
            badFrames = 0;
        }
        if (++badFrames >= app.config().ws().maxBadFrames()) {
            closeWith(ctx, CloseCodes.POLICY, "too many bad frames");
        }
    }

    private void send(ChannelHandlerContext ctx, ServerEvent event) {
        ByteBuf bytes = app.encoder().encode(event);
        app.metrics().framesOut(1, bytes.readableBytes());
        ctx.writeAndFlush(new TextWebSocketFrame(bytes), ctx.voidPromise());
    }

    private void closeWith(ChannelHandlerContext ctx, int code, String reason) {
        closeCode = code;
        app.closer().close(ctx.channel(), code, reason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWith(ctx, CloseCodes.TOO_LARGE, "message too large");
        } else if (cause instanceof DecompressionException inflating) {
            // permessage-deflate: a frame inflating past ws.max_frame_bytes (a compression bomb), or not deflate.
            int code = PerMessageDeflate.closeCode(inflating);
            closeWith(ctx, code, code == CloseCodes.TOO_LARGE ? "message too large" : "invalid deflate data");
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // Netty's frame decoder / UTF-8 validator already sent the close frame (1007, 1009, 1002): count it.
            closeCode = corrupted.closeStatus().code();
            app.metrics().closed(closeCode);
            ctx.close();
        } else if (cause instanceof IOException) {
            log.debug("connection error: {}", cause.toString());
            ctx.close();
        } else {
            log.warn("unexpected error on a room session", cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        leave();
        super.channelInactive(ctx);
    }

    private void leave() {
        if (session == null) {
            return;
        }
        RoomSession leaving = session;
        session = null;
        if (authExpiry != null) {
            authExpiry.cancel(false);
        }
        leaving.close();
        LiveRoom live = leaving.live();
        live.remove(leaving);
        app.connections().unregister(leaving);
        app.metrics().connectionClosed();
        if (live.leavePresence(leaving.userId())) {
            live.typing().stopped(leaving.principal().user());
            app.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserLeft(leaving.principal().user()),
                    leaving.userId()));
        }
        app.rooms().release(live.id());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leaving.openedNanos());
        log.info("ws session user={} room={} type={} duration_ms={} code={} client={}", leaving.userId(), live.id(),
                live.roomType(), millis, closeCode, dev.community.server.net.ClientAddress.of(leaving.channel()));
    }

    private static long lastSeqOf(List<Message> messages) {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    }

    /** For tests and operators: the session once the handshake completed. */
    RoomSession session() {
        return session;
    }
}
