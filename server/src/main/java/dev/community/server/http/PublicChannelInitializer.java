package dev.community.server.http;

import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import dev.community.server.ServerMetrics;
import dev.community.server.deflate.PerMessageDeflate;
import dev.community.server.tls.ListenerTransport;
import dev.community.server.ws.Closer;
import dev.community.server.ws.OutboundBudgetHandler;
import dev.community.server.ws.PreEncodedFrames;
import dev.community.server.ws.WebSocketStages;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The public port's pipeline, the one place that adds and removes its stages (named in {@link PipelineStage}).
 * A connection starts as HTTP:
 *
 * <pre>
 * [tls → tls-handshake → hsts] → flush-consolidation → http-codec → [client-address] → http-keepalive
 *     → http-aggregator → http-pipelining → request-deadline → ws-gatekeeper → http-router
 * </pre>
 *
 * An upgrade the gatekeeper admits becomes a WebSocket ({@link #install}, called by the gatekeeper, which then
 * hands the request to the handshake and removes itself):
 *
 * <pre>
 * [tls …] → flush-consolidation → http-codec → [client-address] → http-aggregator → [ws-deflate] → ws-protocol
 *     → ws-outbound-budget → ws-aggregator → ws-idle → ws-session
 * </pre>
 *
 * Netty's handshake replaces the HTTP codec with its frame decoder and encoder and takes the HTTP aggregator out
 * once the 101 is written.
 */
public final class PublicChannelInitializer extends ChannelInitializer<SocketChannel> implements WebSocketStages {
    /** Request line and header limits: generous for real clients, small enough to bound per-connection memory. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    /** Fan-out writes many frames per loop iteration: flush them together rather than one syscall each. */
    private static final int FLUSHES_BEFORE_FORCED_FLUSH = 256;
    /**
     * The stages that serve HTTP requests only, taken out of an upgrading connection before the 101 is written: the
     * pipelining limiter would turn reading back on as the 101 is written (reading stays off until the session has
     * written its first event), and the router and the deadline have nothing left to do. The HTTP codec and
     * aggregator are not among them: Netty's handshake takes those out itself.
     */
    static final List<String> HTTP_ONLY = List.of(PipelineStage.HTTP_KEEPALIVE, PipelineStage.HTTP_PIPELINING,
            PipelineStage.REQUEST_DEADLINE, PipelineStage.HTTP_ROUTER);

    private final ServerConfig.LimitsConfig limits;
    private final ServerConfig.WebSocketConfig ws;
    private final ServerMetrics metrics;
    private final JsonCodec codec;
    private final Closer closer;
    private final ChannelGroup allChannels;
    /** TLS (or not) and the client address: see {@link ListenerTransport}. */
    private final ListenerTransport transport;
    /** A connection's gatekeeper, given the stages it installs when it admits an upgrade. */
    private final Function<WebSocketStages, ChannelHandler> gatekeepers;
    /** A connection's router (REST, the Lounge, the specs). */
    private final Supplier<ChannelHandler> routers;

    /**
     * @param codec   renders the aggregator's refusals (a body over the limit)
     * @param closer  closes a WebSocket over its outbound budget with 4008
     */
    public PublicChannelInitializer(ServerConfig.LimitsConfig limits, ServerConfig.WebSocketConfig ws,
                                    ServerMetrics metrics, JsonCodec codec, Closer closer, ChannelGroup allChannels,
                                    ListenerTransport transport, Function<WebSocketStages, ChannelHandler> gatekeepers,
                                    Supplier<ChannelHandler> routers) {
        this.limits = limits;
        this.ws = ws;
        this.metrics = metrics;
        this.codec = codec;
        this.closer = closer;
        this.allChannels = allChannels;
        this.transport = transport;
        this.gatekeepers = gatekeepers;
        this.routers = routers;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        allChannels.add(ch);
        ChannelPipeline p = ch.pipeline();
        transport.addFirst(p);
        p.addLast(PipelineStage.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(FLUSHES_BEFORE_FORCED_FLUSH, true));
        p.addLast(PipelineStage.HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
        transport.addAfterHttpCodec(p);
        p.addLast(PipelineStage.HTTP_KEEPALIVE, new HttpServerKeepAliveHandler());
        p.addLast(PipelineStage.HTTP_AGGREGATOR, new BodyLimitAggregator(codec));
        p.addLast(PipelineStage.HTTP_PIPELINING, new PipelinedRequestLimiter(limits.maxPipelinedRequests(),
                metrics::pipeliningCutOff));
        p.addLast(PipelineStage.REQUEST_DEADLINE, new RequestDeadlineHandler(ws.handshakeTimeout(),
                metrics::requestTimedOut));
        p.addLast(PipelineStage.WS_GATEKEEPER, gatekeepers.apply(this));
        p.addLast(PipelineStage.HTTP_ROUTER, routers.get());
    }

    /**
     * The WebSocket stages of an admitted upgrade: the handshake with the frame limits (and permessage-deflate when
     * {@code ws.compression} is on), the outbound budget, aggregation, the idle timeout and the session; the
     * HTTP-only stages leave ({@link #HTTP_ONLY}).
     */
    @Override
    public void install(ChannelHandlerContext gatekeeper, ChannelHandler session) {
        ChannelPipeline pipeline = gatekeeper.pipeline();
        pipeline.addAfter(gatekeeper.name(), PipelineStage.WS_PROTOCOL, new WebSocketServerProtocolHandler(handshake(ws)));
        pipeline.addAfter(PipelineStage.WS_PROTOCOL, PipelineStage.WS_OUTBOUND_BUDGET,
                new OutboundBudgetHandler(metrics, closer));
        if (ws.compression()) {
            // Before the handshake: it answers the client's permessage-deflate offer in the 101.
            pipeline.addAfter(gatekeeper.name(), PipelineStage.WS_DEFLATE, PerMessageDeflate.handler(ws.maxFrameBytes()));
        }
        pipeline.addLast(PipelineStage.WS_AGGREGATOR, new WebSocketFrameAggregator(ws.maxFrameBytes()));
        // ws.idle_timeout without a frame from the client: the session closes the socket (1001).
        pipeline.addLast(PipelineStage.WS_IDLE, new IdleStateHandler(ws.idleTimeout().toMillis(), 0, 0,
                TimeUnit.MILLISECONDS));
        pipeline.addLast(PipelineStage.WS_SESSION, session);
        for (String stage : HTTP_ONLY) {
            if (pipeline.get(stage) != null) {
                pipeline.remove(stage);
            }
        }
    }

    /**
     * Checks at start-up that room fan-out's finished frames pass these WebSocket stages as they are, and that no
     * extension but permessage-deflate (and that one only with {@code ws.compression}) can be negotiated
     * ({@link PreEncodedFrames}); throws {@link IllegalStateException} when not.
     */
    public void checkPreEncodedFrames() {
        PreEncodedFrames.check(this, ws.compression());
    }

    /** The handshake and the frame decoder's limits (PROTOCOL.md §2). */
    static WebSocketServerProtocolConfig handshake(ServerConfig.WebSocketConfig ws) {
        return WebSocketServerProtocolConfig.newBuilder()
                // Netty matches a prefix only when the next character is '/' or '?': no trailing slash here.
                .websocketPath("/ws/community")
                .checkStartsWith(true)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(ws.handshakeTimeout().toMillis())
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(ws.maxFrameBytes())
                        // RSV bits are an extension's: accepted only when permessage-deflate may be negotiated.
                        .allowExtensions(ws.compression())
                        .allowMaskMismatch(false)
                        .withUTF8Validator(true)
                        .closeOnProtocolViolation(true)
                        .build())
                .build();
    }

    /**
     * A file body over TLS goes out in chunks through a chunked writer after the HTTP codec, added on a connection's
     * first such response (connections that never fetch a file, WebSockets, never carry one).
     */
    public static void addChunkedWriter(ChannelPipeline pipeline) {
        if (pipeline.get(ChunkedWriteHandler.class) == null) {
            pipeline.addAfter(PipelineStage.HTTP_CODEC, PipelineStage.CHUNKED_WRITER, new ChunkedWriteHandler());
        }
    }
}
