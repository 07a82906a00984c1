package dev.community.server.ws;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * Turns an admitted upgrade's pipeline into a WebSocket's. The gatekeeper decides that a connection may upgrade;
 * which stages a WebSocket has, in which order and under which names is the public pipeline's initializer's
 * ({@code http/PublicChannelInitializer}), the one place that builds the pipeline.
 */
@FunctionalInterface
public interface WebSocketStages {
    /**
     * Puts the WebSocket stages and {@code session} in after the gatekeeper and takes the HTTP-only stages out. The
     * gatekeeper then hands the upgrade request on to the handshake and removes itself.
     */
    void install(ChannelHandlerContext gatekeeper, ChannelHandler session);
}
