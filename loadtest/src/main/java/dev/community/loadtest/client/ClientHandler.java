package dev.community.loadtest.client;

import dev.community.protocol.ConnectionToken;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.RestError;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.WirePaths;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.net.URI;

/**
 * Speaks the contract for one connection: {@code POST /auth/ws-connection-token/} with the access JWT, then the
 * upgrade to {@code /ws/community/room/{id}/?connection_token=T[&since_seq=N]} (or to the user stream, whose events
 * its {@link StreamLink} routes) on the same keep-alive connection, then events. new_message is scanned from the bytes; every other event is decoded in full.
 */
final class ClientHandler extends SimpleChannelInboundHandler<Object> {
    /** After sending a close frame, how long to wait for the server's before closing the socket anyway. */
    private static final long FORCE_CLOSE_MILLIS = 2_000;

    private final SimClient client;
    private final NewMessageScanner scanner = new NewMessageScanner();
    private WebSocketClientHandshaker handshaker;

    ClientHandler(SimClient client) {
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, WirePaths.CONNECTION_TOKEN,
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, client.target().authority())
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + client.accessToken())
                .set(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(request);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            onText(text.content());
        } else if (msg instanceof FullHttpResponse response) {
            if (handshaker == null) {
                onTokenResponse(ctx, response);
            } else {
                onUpgradeResponse(ctx, response);
            }
        } else if (msg instanceof CloseWebSocketFrame close) {
            if (client.link() != null) {
                client.link().onCloseFrame(close.statusCode());
            } else {
                client.onCloseFrame(close.statusCode());
            }
            ctx.close();
        } else if (!(msg instanceof WebSocketFrame)) {
            client.fail("protocol:unexpected_message");
            ctx.close();
        }
    }

    private void onTokenResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().code() != 200) {
            client.fail("token:" + response.status().code() + errorCode(response.content()));
            ctx.close();
            return;
        }
        String token;
        try {
            token = client.settings().codec().readValue(ByteBufUtil.getBytes(response.content()),
                    ConnectionToken.class).connectionToken();
        } catch (ProtocolException e) {
            token = null;
        }
        if (token == null) {
            client.fail("token:malformed");
            ctx.close();
            return;
        }
        long since = client.resumeFrom();
        URI uri = URI.create(client.target().webSocketScheme() + "://" + client.target().authority()
                + client.upgradePath(token, since));
        // No Origin header: the harness is a native client, and the contract admits those without one.
        handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
                null, client.settings().compression(), EmptyHttpHeaders.INSTANCE, ClientInitializer.MAX_EVENT_BYTES,
                true, false,
                FORCE_CLOSE_MILLIS, false, false);
        handshaker.handshake(ctx.channel());
    }

    private void onUpgradeResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (handshaker.isHandshakeComplete()) {
            return;
        }
        if (response.status().code() == 503 && response.headers().contains(HttpHeaderNames.RETRY_AFTER)) {
            // The node is admitting as many as it may: come back after the pause it asks for, as a client library would.
            client.admissionFull(retryAfterMillis(response.headers().get(HttpHeaderNames.RETRY_AFTER)));
            ctx.close();
            return;
        }
        if (response.status().code() != 101) {
            client.fail("upgrade:" + response.status().code() + errorCode(response.content()));
            ctx.close();
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (RuntimeException e) {
            client.fail("upgrade:invalid_handshake");
            ctx.close();
        }
    }

    private void onText(ByteBuf content) {
        if (client.link() != null) {
            client.link().onText(content, scanner);
            return;
        }
        if (NewMessageScanner.isNewMessage(content) && scanner.scan(content)) {
            client.onNewMessage(scanner.seq(), scanner.stampNanos(), scanner.clientId());
            return;
        }
        ServerEvent event;
        try {
            event = client.settings().codec().decodeServerEvent(ByteBufUtil.getBytes(content));
        } catch (ProtocolException e) {
            client.error("protocol:" + e.code().wire());
            return;
        }
        client.onEvent(event);
    }

    /** Retry-After in whole seconds (the only form the server sends), as milliseconds; a second when unreadable. */
    static long retryAfterMillis(String header) {
        try {
            return Math.max(0, Long.parseLong(header.strip())) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    /** {@code ":code"} from a contract error body, or nothing. */
    private String errorCode(ByteBuf body) {
        if (!body.isReadable()) {
            return "";
        }
        try {
            RestError.Detail error = client.settings().codec().readValue(ByteBufUtil.getBytes(body), RestError.class).error();
            return error == null || error.code() == null ? "" : ":" + error.code();
        } catch (ProtocolException e) {
            return "";
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (client.link() != null) {
            client.link().flushAll();
        } else {
            client.flushIfNeeded();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client.link() != null) {
            client.link().onInactive();
        } else {
            client.onInactive();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets are expected when a drop or a close races with the server; they are counted, not logged.
        client.error(cause instanceof IOException ? "io:" + cause.getClass().getSimpleName()
                : "client:" + cause.getClass().getSimpleName());
        ctx.close();
    }
}
