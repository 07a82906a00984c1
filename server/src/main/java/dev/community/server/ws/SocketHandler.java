package dev.community.server.ws;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.ServerEvent;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.Principal;
import dev.community.server.budget.ConnectionBudget;
import dev.community.server.deflate.PerMessageDeflate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What every client socket does whatever it carries (a room socket, the user stream): the idle timeout, the
 * access token's end (4401) and its refresh, ping, the per-connection request budget and the patience with
 * refusals (1008), bad frames (an error, 1008 past the limit), frames too large or not inflating, close frames.
 * One implementation for both endpoints, so their limits and close codes cannot drift apart. Runs on the channel's
 * event loop.
 */
abstract class SocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final long BAD_FRAME_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    protected final FrameReading reading;
    protected final FrameWriting writing;
    private final TokenLifetime token;
    protected final ConnectionBudget budget;
    private final Logger log;
    private ScheduledFuture<?> authExpiry;
    /** When the socket's access token runs out: the first token's {@code exp}, then each accepted refresh's. */
    private Instant tokenExpiresAt;
    private int badFrames;
    private long badFrameWindowStart;
    protected int closeCode = CloseCodes.NORMAL;

    SocketHandler(FrameReading reading, FrameWriting writing, TokenLifetime token, Logger log) {
        this.reading = reading;
        this.writing = writing;
        this.token = token;
        this.log = log;
        this.budget = reading.budgets().forConnection();
    }

    /** The handshake completed: the socket's work begins. */
    abstract void start(ChannelHandlerContext ctx);

    /** A text frame's bytes, after the handshake. */
    abstract void onText(ChannelHandlerContext ctx, ByteBuf content);

    /** The user whose socket this is (a refresh must be for them). */
    abstract String userId();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            writing.metrics().handshake("ok");
            writing.metrics().connectionOpened();
            start(ctx);
        } else if (evt instanceof IdleStateEvent) {
            // from the pipeline's idle stage (ws.idle_timeout without a frame from the client)
            closeWith(ctx, CloseCodes.GOING_AWAY, "idle");
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        writing.metrics().frameIn();
        if (frame instanceof TextWebSocketFrame text) {
            onText(ctx, text.content());
        } else if (frame instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode() < 0 ? CloseCodes.NORMAL : close.statusCode();
            ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, "")).addListener(f -> ctx.close());
        } else if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            badFrame(ctx, new ProtocolException(ErrorCode.INVALID_PAYLOAD, "only text frames carry JSON", null));
        }
    }

    /**
     * Spends the connection's request budget for a request frame: false (answered {@code rate_limited}, or for
     * typing dropped without an answer) when it is spent.
     */
    boolean takeRequest(ChannelHandlerContext ctx, ClientFrame frame) {
        long retryAfter = budget.takeRequest();
        if (retryAfter <= 0) {
            return true;
        }
        if (!(frame instanceof ClientFrame.Typing)) {
            // Typing is fire-and-forget: over budget it is dropped without an answer.
            writing.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
            send(ctx, new ServerEvent.ErrorEvent(ErrorCode.RATE_LIMITED.wire(),
                    "too many requests on this connection; slow down", null, retryAfter));
            strike(ctx);
        }
        return false;
    }

    /**
     * A fresh access token for this socket's user moves its end to the new {@code exp}. Verified on the loop: one
     * signature check, and refresh frames are request frames, so the connection's budget bounds them. Only the
     * expiry changes; the other claims (name, staff, trust level) take effect on the next connection.
     */
    void onRefresh(ChannelHandlerContext ctx, ClientFrame.Refresh refresh) {
        Principal fresh;
        try {
            fresh = token.authenticator().verify(refresh.token());
        } catch (AuthenticationException e) {
            writing.metrics().tokenRefresh("refused");
            send(ctx, ServerEvent.ErrorEvent.of(ErrorCode.UNAUTHORIZED, e.getMessage()));
            return;
        }
        if (!fresh.userId().equals(userId())) {
            writing.metrics().tokenRefresh("refused");
            send(ctx, ServerEvent.ErrorEvent.of(ErrorCode.UNAUTHORIZED, "the token is for another user"));
            return;
        }
        writing.metrics().tokenRefresh("accepted");
        expireAt(ctx, fresh.expiresAt());
        send(ctx, new ServerEvent.TokenRefreshed(fresh.expiresAt()));
    }

    /** Closes the socket with 4401 at {@code expiresAt}, in place of any earlier schedule. */
    void expireAt(ChannelHandlerContext ctx, Instant expiresAt) {
        if (authExpiry != null) {
            authExpiry.cancel(false);
        }
        tokenExpiresAt = expiresAt;
        long untilExpiry = Duration.between(token.clock().instant(), expiresAt).toMillis();
        authExpiry = ctx.executor().schedule(() -> closeWith(ctx, CloseCodes.AUTH_EXPIRED, "authentication expired"),
                Math.max(0, untilExpiry), TimeUnit.MILLISECONDS);
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    void cancelExpiry() {
        if (authExpiry != null) {
            authExpiry.cancel(false);
        }
    }

    /**
     * A refusal that carries a wait (rate_limited, slow_mode) was answered: counted against the client's patience,
     * one that keeps sending through {@code limits.ws_rate_limited_strikes} of them within a minute is closed 1008.
     */
    void strike(ChannelHandlerContext ctx) {
        if (budget.strike(System.nanoTime())) {
            closeWith(ctx, CloseCodes.POLICY, "rate limits ignored");
        }
    }

    void badFrame(ChannelHandlerContext ctx, ProtocolException e) {
        badFrame(ctx, e, null);
    }

    /** As {@link #badFrame(ChannelHandlerContext, ProtocolException)}; the answer names {@code roomId} when not null. */
    void badFrame(ChannelHandlerContext ctx, ProtocolException e, java.util.UUID roomId) {
        writing.metrics().rejected(e.code().wire());
        ServerEvent error = new ServerEvent.ErrorEvent(e.code().wire(), e.getMessage(), e.clientId(), null);
        if (roomId == null) {
            send(ctx, error);
        } else {
            write(ctx, dev.community.server.room.RoomTags.tag(writing.encoder().encode(error), roomId));
        }
        long now = System.nanoTime();
        if (now - badFrameWindowStart > BAD_FRAME_WINDOW_NANOS) {
            badFrameWindowStart = now;
            badFrames = 0;
        }
        if (++badFrames >= reading.maxBadFrames()) {
            closeWith(ctx, CloseCodes.POLICY, "too many bad frames");
        }
    }

    /** A frame of a type this endpoint does not take: answered as any unknown type, word for word. */
    void unknownType(ChannelHandlerContext ctx, ClientFrame frame, String clientId) {
        badFrame(ctx, new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type: unknown frame type '" + frame.type() + "'",
                clientId));
    }

    void send(ChannelHandlerContext ctx, ServerEvent event) {
        write(ctx, writing.encoder().encode(event));
    }

    void write(ChannelHandlerContext ctx, ByteBuf json) {
        writing.metrics().framesOut(1, json.readableBytes());
        ctx.writeAndFlush(new TextWebSocketFrame(json), ctx.voidPromise());
    }

    void closeWith(ChannelHandlerContext ctx, int code, String reason) {
        closeCode = code;
        reading.closer().close(ctx.channel(), code, reason);
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
            writing.metrics().closed(closeCode);
            ctx.close();
        } else if (cause instanceof IOException) {
            log.debug("connection error: {}", cause.toString());
            ctx.close();
        } else {
            log.warn("unexpected error on a socket", cause);
            ctx.close();
        }
    }
}
