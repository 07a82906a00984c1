package dev.community.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose next complete HTTP request does not arrive in time: from the connect, and again
 * after each response. A slowloris client that trickles headers or a body a byte at a time is cut off at the
 * deadline however long it keeps trickling. Removed once the connection becomes a WebSocket.
 */
public final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private final long deadlineMillis;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timer;

    /** @param onTimeout told of each connection cut off (a metric) */
    public RequestDeadlineHandler(Duration deadline, Runnable onTimeout) {
        this.deadlineMillis = deadline.toMillis();
        this.onTimeout = onTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest) {
            disarm();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        super.write(ctx, msg, promise);
        if (msg instanceof LastHttpContent) {
            arm(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        timer = ctx.executor().schedule(() -> {
            onTimeout.run();
            ctx.close();
        }, deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
