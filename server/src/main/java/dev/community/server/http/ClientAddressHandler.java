package dev.community.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/** Records each request's {@link ClientAddress} on its channel as the request head arrives. */
@ChannelHandler.Sharable
public final class ClientAddressHandler extends ChannelInboundHandlerAdapter {
    private final ClientAddress clientAddress;

    public ClientAddressHandler(ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request && ctx.channel().remoteAddress() instanceof InetSocketAddress peer) {
            ctx.channel().attr(ClientAddress.ATTRIBUTE).set(clientAddress.resolve(peer.getAddress(), request.headers()));
        }
        super.channelRead(ctx, msg);
    }
}
