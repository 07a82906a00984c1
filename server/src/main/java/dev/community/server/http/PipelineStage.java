package dev.community.server.http;

import io.netty.channel.ChannelPipeline;
import java.util.List;

/**
 * The names of the public port's pipeline stages, in order. A connection starts as HTTP
 * ({@link PublicChannelInitializer}); an admitted upgrade becomes a WebSocket: the gatekeeper puts the WebSocket
 * stages in, takes the other HTTP-only stages out ({@link #leaveHttp}), hands the request to the handshake, and
 * removes itself. Code that looks a stage up or
 * places a handler next to one names it from here.
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

    /**
     * The stages that serve HTTP requests only. The HTTP codec and aggregator are not among them: Netty's handshake
     * takes those out itself once the 101 is written.
     */
    static final List<String> HTTP_ONLY = List.of(HTTP_KEEPALIVE, HTTP_PIPELINING, REQUEST_DEADLINE, HTTP_ROUTER);

    private PipelineStage() {
    }

    /**
     * Takes the HTTP-only stages out of an upgrading connection (the gatekeeper, which calls this, removes itself
     * once it handed the request on): the pipelining limiter would turn reading back on as the 101 is written
     * (reading stays off until the session has written room_state), and the router and the deadline have nothing
     * left to do.
     */
    public static void leaveHttp(ChannelPipeline pipeline) {
        for (String stage : HTTP_ONLY) {
            if (pipeline.get(stage) != null) {
                pipeline.remove(stage);
            }
        }
    }

    /** True when the connection has become a room session. */
    public static boolean isSession(ChannelPipeline pipeline) {
        return pipeline.get(WS_SESSION) != null;
    }
}
