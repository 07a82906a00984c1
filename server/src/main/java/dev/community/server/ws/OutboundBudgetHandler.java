package dev.community.server.ws;

import dev.community.protocol.CloseCodes;
import dev.community.server.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One outbound budget for every byte a WebSocket connection is owed — room broadcasts, replies, errors, pongs.
 * Both write watermarks of a public channel are {@code ws.max_pending_bytes} (see {@link #watermarkFor}), so the
 * channel turns unwritable exactly when more than the budget waits for the socket. A connection still over it
 * once those bytes have been offered to the socket is closed with 4008, and Netty releases what was queued:
 * memory held for one connection is bounded by configuration, whatever the client sends or stops reading.
 *
 * <p>The verdict waits for a flush and the task that runs it (flushes are consolidated into a later task), so a
 * large reply to a client that reads is not mistaken for a client that does not.
 */
public final class OutboundBudgetHandler extends ChannelInboundHandlerAdapter {
    private final ServerMetrics metrics;
    private final Closer closer;
    private boolean checking;

    public OutboundBudgetHandler(ServerMetrics metrics, Closer closer) {
        this.metrics = metrics;
        this.closer = closer;
    }

    /** The watermark that makes writability mean "within the budget" (low = high, so no band in between). */
    public static io.netty.channel.WriteBufferWaterMark watermarkFor(int maxPendingBytes) {
        return new io.netty.channel.WriteBufferWaterMark(maxPendingBytes, maxPendingBytes);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        if (!channel.isWritable() && !checking) {
            checking = true;
            // Offer what is queued to the socket, then judge in a task that runs after the (consolidated) flush.
            channel.flush();
            ctx.executor().execute(() -> judge(channel));
        }
        super.channelWritabilityChanged(ctx);
    }

    private void judge(Channel channel) {
        checking = false;
        if (channel.isActive() && !channel.isWritable()) {
            metrics.slowConsumerClosed();
            closer.closeNow(channel, CloseCodes.TOO_SLOW, "too slow: outbound budget exceeded");
        }
    }
}
