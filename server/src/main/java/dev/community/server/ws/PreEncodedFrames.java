package dev.community.server.ws;

import dev.community.server.deflate.DeflatedFrames;
import dev.community.server.deflate.PerMessageDeflate;
import dev.community.server.http.PipelineStage;
import dev.community.server.room.TextFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What room fan-out's finished frames rely on, checked at start-up against the WebSocket stages this server really
 * installs. A room event is framed once ({@link TextFrames}: FIN, text opcode, RSV bits clear) and its bytes go to
 * every member past Netty's frame encoder; a member that negotiated permessage-deflate gets the compressed twin
 * ({@link DeflatedFrames}: RSV1 set) instead ({@link RoomSession} asks {@link PerMessageDeflate#negotiated}). That
 * holds only if
 * <ul>
 *   <li>with {@code ws.compression} off, no WebSocket extension is ever negotiated (an extension would expect its
 *       own framing or RSV bits: Netty's extension encoders act on frame objects and would let our bytes pass
 *       unchanged, wrongly);</li>
 *   <li>with it on, permessage-deflate is the only one, and the session can tell that it was negotiated;</li>
 *   <li>a finished frame written at the session stage reaches the socket byte for byte.</li>
 * </ul>
 * {@link #check} upgrades a connection on an {@link EmbeddedChannel} through the given stages, offered
 * permessage-deflate and an extension the server does not know, and throws {@link IllegalStateException} (the
 * server does not start) when one of these does not hold.
 */
public final class PreEncodedFrames {
    /** RFC 6455 §1.3's sample key: any valid key will do. */
    private static final String UPGRADE = "GET /ws/community/stream/ HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n"
            + "\r\n";
    /** Long enough to be compressed (DeflatedFrames leaves small payloads as they are). */
    private static final String EVENT = "{\"event\":\"user_joined\",\"user\":{\"id\":\"start-up-check\","
            + "\"username\":\"start-up-check\"}}";

    private PreEncodedFrames() {
    }

    /**
     * @param stages      the WebSocket stages the public pipeline installs
     * @param compression {@code ws.compression}: whether permessage-deflate may be negotiated
     */
    public static void check(WebSocketStages stages, boolean compression) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(PipelineStage.HTTP_CODEC, new HttpServerCodec());
        channel.pipeline().addLast(PipelineStage.HTTP_AGGREGATOR, new HttpObjectAggregator(8192));
        channel.pipeline().addLast(PipelineStage.WS_GATEKEEPER, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // as the gatekeeper does once it admits
                stages.install(ctx, new ChannelInboundHandlerAdapter());
                ctx.fireChannelRead(msg);
                ctx.pipeline().remove(this);
            }
        });
        try {
            channel.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));
            channel.runPendingTasks();
            String response = drain(channel);
            if (!response.startsWith("HTTP/1.1 101")) {
                throw failure("the WebSocket stages did not complete a handshake: " + firstLine(response));
            }
            String extensions = header(response, "sec-websocket-extensions");
            boolean negotiated = PerMessageDeflate.negotiated(channel);
            if (!compression && (negotiated || extensions != null)) {
                throw failure("with ws.compression off the handshake negotiated an extension (" + extensions + ")");
            }
            if (compression && (!negotiated || extensions == null || !extensions.startsWith("permessage-deflate")
                    || extensions.contains(","))) {
                throw failure("with ws.compression on the handshake negotiated " + extensions
                        + " where only permessage-deflate is handled");
            }
            ByteBuf frame = TextFrames.frame(Unpooled.copiedBuffer(EVENT, StandardCharsets.UTF_8),
                    ByteBufAllocator.DEFAULT);
            DeflatedFrames twins = new DeflatedFrames();
            try {
                passesUnchanged(channel, frame);
                if (negotiated) {
                    passesUnchanged(channel, twins.of(frame));
                }
            } finally {
                twins.release();
                frame.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Writes {@code frame} at the session stage and compares what reaches the socket. */
    private static void passesUnchanged(EmbeddedChannel channel, ByteBuf frame) {
        channel.pipeline().context(PipelineStage.WS_SESSION).writeAndFlush(frame.retainedDuplicate());
        ByteBuf written = channel.readOutbound();
        try {
            if (!frame.equals(written) || channel.outboundMessages().size() > 0) {
                throw failure("a finished frame written by the session does not reach the socket unchanged");
            }
        } finally {
            if (written != null) {
                written.release();
            }
        }
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof ByteBuf bytes) {
                text.append(bytes.toString(StandardCharsets.US_ASCII));
            }
            io.netty.util.ReferenceCountUtil.release(message);
        }
        return text.toString();
    }

    private static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String firstLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    private static IllegalStateException failure(String what) {
        return new IllegalStateException(what + ": room fan-out's pre-encoded frames (TextFrames, DeflatedFrames)"
                + " cannot be sent on such connections");
    }
}
