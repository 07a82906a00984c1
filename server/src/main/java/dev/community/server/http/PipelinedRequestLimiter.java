package dev.community.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request of a connection is served at a time: requests a client pipelines behind it wait here, and the
 * connection stops reading, until the answer to the one in progress has been written to the socket. So answers
 * leave in request order (HTTP/1.1 requires it, and REST answers complete out of order), a connection never
 * holds more than one answer and {@code server.max_pipelined_requests} waiting requests, and a client that
 * pipelines more than that is cut off — as on the admin port. Removed when the connection becomes a WebSocket.
 */
public final class PipelinedRequestLimiter extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(PipelinedRequestLimiter.class);

    private final int maxWaiting;
    private final Runnable onCutOff;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean inProgress;

    /** @param onCutOff told of each connection closed for pipelining too much (a metric) */
    public PipelinedRequestLimiter(int maxWaiting, Runnable onCutOff) {
        this.maxWaiting = maxWaiting;
        this.onCutOff = onCutOff;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!inProgress) {
            inProgress = true;
            ctx.fireChannelRead(request);
            return;
        }
        if (waiting.size() >= maxWaiting) {
            request.release();
            log.debug("closing {}: more than {} pipelined requests", ctx.channel().remoteAddress(), maxWaiting);
            onCutOff.run();
            ctx.close();
            return;
        }
        waiting.add(request);
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!(msg instanceof LastHttpContent)) {
            ctx.write(msg, promise);
            return;
        }
        // The answer is complete once the socket has taken it: only then is the next request served.
        ChannelPromise written = promise.unvoid();
        written.addListener(f -> {
            if (f.isSuccess()) {
                next(ctx);
            }
        });
        ctx.write(msg, written);
    }

    private void next(ChannelHandlerContext ctx) {
        inProgress = false;
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        inProgress = true;
        if (waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelRead(request);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    private void releaseWaiting() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
    }
}
