package dev.community.server.ws;

import dev.community.server.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;

/**
 * Closes a WebSocket with a contract close code: a close frame carrying the code and reason, then the socket. The
 * channel remembers the first code sent, so whoever logs the connection's end reports what the client received.
 */
public final class Closer {
    private static final AttributeKey<Integer> CODE_SENT = AttributeKey.valueOf("community.close-code-sent");

    private final ServerMetrics metrics;

    public Closer(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    public void close(Channel channel, int code, String reason) {
        if (!channel.isActive()) {
            return;
        }
        metrics.closed(code);
        channel.attr(CODE_SENT).setIfAbsent(code);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** For a client that does not read: its buffer is full, so the close frame may never get out; close now. */
    public void closeNow(Channel channel, int code, String reason) {
        if (!channel.isActive()) {
            return;
        }
        metrics.closed(code);
        channel.attr(CODE_SENT).setIfAbsent(code);
        channel.write(new CloseWebSocketFrame(code, reason));
        channel.close();
    }

    /** The close code this server sent on {@code channel}, or {@code otherwise} when it sent none through here. */
    public static int codeSent(Channel channel, int otherwise) {
        Integer sent = channel.attr(CODE_SENT).get();
        return sent == null ? otherwise : sent;
    }
}
