package dev.community.server.http;

import io.netty.channel.ChannelPipeline;

/**
 * The names of the public port's pipeline stages, in order. {@link PublicChannelInitializer} is the one place that
 * adds and removes them: a connection starts as HTTP; an admitted upgrade becomes a WebSocket
 * ({@link PublicChannelInitializer#install}: the WebSocket stages in, the HTTP-only ones out; the gatekeeper hands
 * the request to the handshake and removes itself). Code that looks a stage up names it from here.
 */
public final class PipelineStage {
    // Transport (optional; ListenerTransport)
    public static final String TLS = "tls";
    public static final String TLS_HANDSHAKE = "tls-handshake";
    public static final String HSTS = "hsts";
    // HTTP
    public static final String FLUSH_CONSOLIDATION = "flush-consolidation";
    public static final String HTTP_CODEC = "http-codec";
    public static final String CLIENT_ADDRESS = "client-address";
    public static final String HTTP_KEEPALIVE = "http-keepalive";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String HTTP_PIPELINING = "http-pipelining";
    public static final String REQUEST_DEADLINE = "request-deadline";
    public static final String WS_GATEKEEPER = "ws-gatekeeper";
    public static final String HTTP_ROUTER = "http-router";
    /** Added by the static file responder for a file body. */
    public static final String CHUNKED_WRITER = "chunked-writer";
    // WebSocket, after the upgrade
    public static final String WS_DEFLATE = "ws-deflate";
    public static final String WS_PROTOCOL = "ws-protocol";
    public static final String WS_OUTBOUND_BUDGET = "ws-outbound-budget";
    public static final String WS_AGGREGATOR = "ws-aggregator";
    public static final String WS_IDLE = "ws-idle";
    public static final String WS_SESSION = "ws-session";

    private PipelineStage() {
    }

    /** True when the connection has become a WebSocket session (a room socket or the user stream). */
    public static boolean isSession(ChannelPipeline pipeline) {
        return pipeline.get(WS_SESSION) != null;
    }
}
