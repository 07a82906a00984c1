package dev.community.server.ws;

import dev.community.server.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/** Closes a WebSocket with a contract close code: a close frame carrying the code and reason, then the socket. */
public final class Closer {
    private final ServerMetrics metrics;

    public Closer(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    public void close(Channel channel, int code, String reason) {
        if (!channel.isActive()) {
            return;
        }
        metrics.closed(code);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** For a client that does not read: its buffer is full, so the close frame may never get out; close now. */
    public void closeNow(Channel channel, int code, String reason) {
        if (!channel.isActive()) {
            return;
        }
        metrics.closed(code);
        channel.write(new CloseWebSocketFrame(code, reason));
        channel.close();
    }
}
