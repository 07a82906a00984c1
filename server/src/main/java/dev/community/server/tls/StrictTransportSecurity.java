package dev.community.server.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Duration;

/**
 * Adds {@code Strict-Transport-Security: max-age=N} to every HTTP response of a TLS listener (RFC 6797), so a
 * browser that once reached the Lounge over https never tries plain http for this host again. Never on a plain
 * listener: browsers ignore the header there, and it would be wrong behind a TLS-terminating proxy that decides.
 */
@ChannelHandler.Sharable
public final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {
    private final String value;

    public StrictTransportSecurity(Duration maxAge) {
        this.value = "max-age=" + maxAge.toSeconds();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            response.headers().set("Strict-Transport-Security", value);
        }
        super.write(ctx, msg, promise);
    }
}
