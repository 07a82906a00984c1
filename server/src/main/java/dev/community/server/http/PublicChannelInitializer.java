package dev.community.server.http;

import dev.community.server.rest.RestApi;

import dev.community.server.ServerContext;
import dev.community.server.tls.ListenerTransport;
import dev.community.server.ws.AdmissionGate;
import dev.community.server.ws.RecentSightings;
import dev.community.server.ws.WebSocketGatekeeper;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The public port's pipeline, one named handler per concern. A connection starts as HTTP; the gatekeeper
 * turns an admitted upgrade into a WebSocket (handshake, frame limits, aggregation, room session) and the
 * HTTP-only handlers leave the pipeline once the handshake completes.
 */
public final class PublicChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Request line and header limits: generous for real clients, small enough to bound per-connection memory. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    /** Fan-out writes many frames per loop iteration: flush them together rather than one syscall each. */
    private static final int FLUSHES_BEFORE_FORCED_FLUSH = 256;

    private final ServerContext app;
    private final RestApi rest;
    private final ChannelGroup allChannels;
    /** TLS (or not) and the client address: see {@link ListenerTransport}. */
    private final ListenerTransport transport;
    /** Shared by every connection's gatekeeper: one node's memory of users it recorded recently. */
    private final RecentSightings sightings = new RecentSightings();
    /** Shared by every connection's gatekeeper: the node's upgrades being admitted at once. */
    private final AdmissionGate admissions;

    public PublicChannelInitializer(ServerContext app, RestApi rest, ChannelGroup allChannels,
                                    ListenerTransport transport) {
        this.app = app;
        this.rest = rest;
        this.allChannels = allChannels;
        this.transport = transport;
        this.admissions = new AdmissionGate(app.config().ws().maxAdmissions());
        app.metrics().admissionsInFlight(admissions::inFlight);
        // Converted here, at start, so the first request for a spec does not parse YAML on an event loop.
        ApiDocuments.bundled();
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
        p.addLast(PipelineStage.HTTP_AGGREGATOR, new BodyLimitAggregator(app.codec()));
        p.addLast(PipelineStage.HTTP_PIPELINING, new PipelinedRequestLimiter(app.config().limits().maxPipelinedRequests(),
                app.metrics()::pipeliningCutOff));
        p.addLast(PipelineStage.REQUEST_DEADLINE, new RequestDeadlineHandler(app.config().ws().handshakeTimeout(),
                app.metrics()::requestTimedOut));
        p.addLast(PipelineStage.WS_GATEKEEPER, new WebSocketGatekeeper(app, sightings, admissions));
        p.addLast(PipelineStage.HTTP_ROUTER, new HttpRouter(app, rest));
    }
}
