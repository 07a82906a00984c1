package dev.community.server.ws;

import dev.community.server.http.PipelineStage;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.ErrorCode;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.Principal;
import dev.community.protocol.Message;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.ServerEvent;
import dev.community.server.OnLoop;
import dev.community.server.ServerContext;
import dev.community.server.WireViews;
import dev.community.server.budget.ConnectionBudget;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.RecentMessages;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomRegistry;
import dev.community.server.actions.Refusal;
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
import java.time.Instant;
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
    private final ConnectionBudget budget;
    /** The largest reply (room_state, message_history) in bytes: half the outbound budget, so it always fits. */
    private final int maxReplyBytes;
    private RoomSession session;
    private ScheduledFuture<?> authExpiry;
    /** When the socket's access token runs out: the first token's {@code exp}, then each accepted refresh's. */
    private Instant tokenExpiresAt;
    /** Set once room_state is out: from then on reading is on, unless something else (a drain) turns it off. */
    private boolean roomStateWritten;
    private int badFrames;
    private long badFrameWindowStart;
    private int closeCode = CloseCodes.NORMAL;

    public RoomSessionHandler(ServerContext app, SessionContext context) {
        this.app = app;
        this.context = context;
        this.budget = app.budgets().forConnection();
        this.maxReplyBytes = app.config().ws().maxPendingBytes() / 2;
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
        Duration idle = app.config().ws().idleTimeout();
        pipeline.addBefore(ctx.name(), PipelineStage.WS_IDLE, new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS));

        LiveRoom live = app.rooms().acquire(context.room().id(), context.room().roomType(), context.room().lastSeq());
        session = new RoomSession(ctx.channel(), context.principal(), context.room(), context.membership(), live,
                app.metrics());
        if (!app.control().applyAdmissionChange(session, app.connections().register(session, context.admission()))) {
            // Banned or removed while being admitted: closed with 4003 before it saw anything of the room.
            app.connections().unregister(session);
            session = null;
            app.rooms().release(live.id());
            app.metrics().connectionClosed();
            return;
        }
        live.add(session);
        if (live.enterPresence(context.principal().user())) {
            app.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserJoined(context.principal().user()),
                    session.userId()));
        }
        expireAt(ctx, context.principal().expiresAt());
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
                writeRoomState(ctx, resume.get().messages(), since > 0, false, resume.get().syncSeq());
                return;
            }
            onLoop(ctx, app.blocking().supply(() -> app.storage().messages().latest(context.room().id(), RESUME_MAX + 1)),
                    newest -> {
                        long readUpTo = newest.isEmpty() ? 0 : newest.get(newest.size() - 1).seq();
                        List<Message> missed = newest.stream().filter(m -> m.seq() > since).toList();
                        // a hole below the first message carried: more missed than fit, or purged by retention
                        boolean purged = missed.isEmpty() ? newest.isEmpty() && since < context.room().lastSeq()
                                : missed.get(0).seq() > since + 1;
                        boolean gap = missed.size() > RESUME_MAX || purged;
                        if (missed.size() > RESUME_MAX) {
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

    /**
     * @param hasGap null on a fresh connection (not written); on a resume, whether messages between since_seq and
     *               the first one carried are missing — also when the reply had to leave its oldest ones out
     */
    private void writeRoomState(ChannelHandlerContext ctx, List<Message> messages, boolean hasMore, Boolean hasGap,
                                long syncSeq) {
        if (!ctx.channel().isActive()) {
            return;
        }
        withMine(ctx, WireViews.messages(messages, session.isModerator(), session.blocked()),
                visible -> writeRoomStateNow(ctx, visible, hasMore, hasGap, syncSeq));
    }

    private void writeRoomStateNow(ChannelHandlerContext ctx, List<Message> visible, boolean hasMore, Boolean hasGap,
                                   long syncSeq) {
        long lastSeq = Math.max(Math.max(syncSeq, context.room().lastSeq()), session.live().recent().lastSeq());
        var room = WireViews.room(session.room(), session.membership(), context.readMarker(), app.clock().instant());
        var online = session.live().onlineUsers(app.config().ws().presenceListLimit());
        long onlineCount = session.live().onlineCount();
        sendWithin(ctx, visible, (carried, cut) -> new ServerEvent.RoomState(room, carried, online, hasMore || cut,
                lastSeq, hasGap == null ? null : hasGap || cut, onlineCount, tokenExpiresAt));
        session.completeSync(syncSeq);
        roomStateWritten = true;
        // The client's frames are read from now on: one sent right after the upgrade (a send_message, say) is
        // answered after room_state, so its acknowledgement is never folded into room_state unseen.
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * Sends a reply carrying messages (oldest first) within {@link #maxReplyBytes}: when the whole list would not
     * fit, its oldest messages are left out (the reply then says so through has_more / has_gap, and the client
     * pages back with request_history). One encoding in the usual case.
     */
    private void sendWithin(ChannelHandlerContext ctx, List<Message> messages,
                            java.util.function.BiFunction<List<Message>, Boolean, ServerEvent> reply) {
        List<Message> carried = messages;
        ByteBuf bytes = app.encoder().encode(reply.apply(carried, false));
        while (bytes.readableBytes() > maxReplyBytes && !carried.isEmpty()) {
            int keep = (int) Math.min(carried.size() - 1L, (long) carried.size() * maxReplyBytes / bytes.readableBytes());
            bytes.release();
            carried = carried.subList(carried.size() - keep, carried.size());
            bytes = app.encoder().encode(reply.apply(carried, true));
        }
        write(ctx, bytes);
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
        if (frame instanceof ClientFrame.SendMessage message) {
            // Messages have their own per-user rate and slow mode (MessageService).
            onSend(ctx, message);
            return;
        }
        long retryAfter = budget.takeRequest();
        if (retryAfter > 0) {
            if (!(frame instanceof ClientFrame.Typing)) {
                // Typing is fire-and-forget: over budget it is dropped without an answer.
                app.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
                rateLimited(ctx, ErrorCode.RATE_LIMITED.wire(), "too many requests on this connection; slow down",
                        null, retryAfter);
            }
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            send(ctx, new ServerEvent.Pong());
        } else if (frame instanceof ClientFrame.Typing typing) {
            session.live().typing().typing(context.principal().user(), typing.isTyping(), ctx.executor());
        } else if (frame instanceof ClientFrame.RequestHistory history) {
            onHistory(ctx, history);
        } else if (frame instanceof ClientFrame.MarkRead markRead) {
            onMarkRead(ctx, markRead);
        } else if (frame instanceof ClientFrame.Refresh refresh) {
            onRefresh(ctx, refresh);
        }
    }

    /**
     * A fresh access token for this socket's user moves its end to the new {@code exp}. Verified on the loop: one
     * signature check, and refresh frames are request frames, so the connection's budget bounds them. Only the
     * expiry changes; the other claims (name, staff, trust level) take effect on the next connection.
     */
    private void onRefresh(ChannelHandlerContext ctx, ClientFrame.Refresh refresh) {
        Principal fresh;
        try {
            fresh = app.authenticator().verify(refresh.token());
        } catch (AuthenticationException e) {
            app.metrics().tokenRefresh("refused");
            send(ctx, ServerEvent.ErrorEvent.of(ErrorCode.UNAUTHORIZED, e.getMessage()));
            return;
        }
        if (!fresh.userId().equals(session.userId())) {
            app.metrics().tokenRefresh("refused");
            send(ctx, ServerEvent.ErrorEvent.of(ErrorCode.UNAUTHORIZED, "the token is for another user"));
            return;
        }
        app.metrics().tokenRefresh("accepted");
        expireAt(ctx, fresh.expiresAt());
        send(ctx, new ServerEvent.TokenRefreshed(fresh.expiresAt()));
    }

    /** Closes the socket with 4401 at {@code expiresAt}, in place of any earlier schedule. */
    private void expireAt(ChannelHandlerContext ctx, Instant expiresAt) {
        if (authExpiry != null) {
            authExpiry.cancel(false);
        }
        tokenExpiresAt = expiresAt;
        long untilExpiry = Duration.between(app.clock().instant(), expiresAt).toMillis();
        authExpiry = ctx.executor().schedule(() -> closeWith(ctx, CloseCodes.AUTH_EXPIRED, "authentication expired"),
                Math.max(0, untilExpiry), TimeUnit.MILLISECONDS);
    }

    private void onSend(ChannelHandlerContext ctx, ClientFrame.SendMessage frame) {
        session.live().typing().stopped(context.principal().user());
        CompletableFuture<WriteOutcome> stored = app.actions().messages().send(context.principal(), session.room(),
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
            if (cause instanceof Refusal rejected && rejected.retryAfterMillis() != null) {
                rateLimited(ctx, rejected.code().wire(), rejected.getMessage(), frame.clientId(),
                        rejected.retryAfterMillis());
            } else if (cause instanceof Refusal rejected) {
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

    /**
     * A page of history: from the room's window of recent messages when it holds the whole page (the usual case:
     * clients page back from what they were shown; no database call, no blocking thread), else from storage. In a
     * cluster the window may not yet hold the newest messages still on their way from another node; the session
     * receives those live, after this page.
     */
    private void onHistory(ChannelHandlerContext ctx, ClientFrame.RequestHistory request) {
        long before = request.beforeSeq() == null ? Long.MAX_VALUE : request.beforeSeq();
        int limit = request.limit();
        var fromWindow = session.live().recent().before(before, limit);
        if (fromWindow.isPresent()) {
            app.metrics().historyServed(true);
            sendHistory(ctx, fromWindow.get().messages(), fromWindow.get().hasMore());
            return;
        }
        app.metrics().historyServed(false);
        onLoop(ctx, app.blocking().supply(() -> app.storage().messages().before(context.room().id(), before, limit + 1)),
                page -> {
                    boolean hasMore = page.size() > limit;
                    sendHistory(ctx, hasMore ? page.subList(1, page.size()) : page, hasMore);
                });
    }

    private void sendHistory(ChannelHandlerContext ctx, List<Message> messages, boolean hasMore) {
        withMine(ctx, WireViews.messages(messages, session.isModerator(), session.blocked()),
                visible -> sendWithin(ctx, visible, (carried, cut) -> new ServerEvent.MessageHistory(carried,
                        hasMore || cut)));
    }

    /**
     * The messages with my own reactions ({@code my_reactions}), handed to {@code then} on this channel's loop: at
     * once when none of them carries a reaction (no storage read: the usual room_state served from the window),
     * else after one read on the blocking executor. Should that read fail, the reply goes out without them
     * (my_reactions absent: the client keeps what it knows) rather than not at all. Live deliveries stay held
     * meanwhile (the session is not in sync yet), and a reaction change that lands in between arrives afterwards
     * as reactions_updated naming its user, which applies to my set either way.
     */
    private void withMine(ChannelHandlerContext ctx, List<Message> visible, Consumer<List<Message>> then) {
        if (visible.stream().allMatch(m -> m.reactionCounts().isEmpty())) {
            then.accept(WireViews.withMyReactions(visible, java.util.Map.of()));
            return;
        }
        List<java.util.UUID> ids = visible.stream().map(Message::id).toList();
        String me = session.userId();
        OnLoop.then(app.blocking().supply(() -> app.storage().reactions().mine(me, ids)), ctx.executor(),
                (mine, cause) -> {
                    if (!ctx.channel().isActive()) {
                        return;
                    }
                    if (cause != null) {
                        log.debug("my reactions could not be read for room {}: {}", context.room().id(), cause.toString());
                        then.accept(visible);
                        return;
                    }
                    then.accept(WireViews.withMyReactions(visible, mine));
                });
    }

    /** Written at most once a second per user and room; my other connections then hear read_updated. */
    private void onMarkRead(ChannelHandlerContext ctx, ClientFrame.MarkRead markRead) {
        app.actions().readMarks().mark(session, markRead.seq(), ctx.executor());
    }

    /**
     * Answers a refusal that carries a wait (rate_limited, slow_mode) and counts it against the client's patience:
     * one that keeps sending through {@code limits.ws_rate_limited_strikes} of them within a minute is closed 1008.
     */
    private void rateLimited(ChannelHandlerContext ctx, String code, String message, String clientId, long retryAfter) {
        send(ctx, new ServerEvent.ErrorEvent(code, message, clientId, retryAfter));
        if (budget.strike(System.nanoTime())) {
            closeWith(ctx, CloseCodes.POLICY, "rate limits ignored");
        }
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
            if (!roomStateWritten) {
                // room_state could not be built: the client still gets its frames read (to retry, or to close).
                // Only then: later on, reading may be off for another reason (a drain) and must stay so.
                ctx.channel().config().setAutoRead(true);
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
        write(ctx, app.encoder().encode(event));
    }

    private void write(ChannelHandlerContext ctx, ByteBuf json) {
        app.metrics().framesOut(1, json.readableBytes());
        ctx.writeAndFlush(new TextWebSocketFrame(json), ctx.voidPromise());
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
            if (context.admission() != null) {
                // The handshake never completed: the admission ends here.
                app.connections().abandon(context.admission());
            }
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
                live.roomType(), millis, Closer.codeSent(leaving.channel(), closeCode),
                dev.community.server.http.ClientAddress.of(leaving.channel()).getHostAddress());
    }

    private static long lastSeqOf(List<Message> messages) {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    }

    /** For tests and operators: the session once the handshake completed. */
    RoomSession session() {
        return session;
    }
}
