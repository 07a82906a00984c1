package dev.community.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's side of the admin port: hands each request to {@link AdminEndpoints} and writes the answers
 * back in request order. Answers come back asynchronously, so while one request is in flight the connection
 * stops reading and keeps any request a client pipelined behind it until the answer is written.
 */
final class AdminRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRouter.class);
    /** Requests already decoded behind the one in flight; a client that pipelines more than this is cut off. */
    private static final int MAX_PIPELINED = 8;

    private final AdminEndpoints endpoints;
    private final AdminJson json;
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private boolean busy;

    AdminRouter(AdminEndpoints endpoints, AdminJson json) {
        this.endpoints = endpoints;
        this.json = json;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!busy) {
            serve(ctx, request);
        } else if (pipelined.size() < MAX_PIPELINED) {
            pipelined.add(request.retain());
        } else {
            LOG.debug("closing {}: more than {} pipelined requests", ctx.channel().remoteAddress(), MAX_PIPELINED);
            ctx.close();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        busy = true;
        ctx.channel().config().setAutoRead(false);
        if (request.decoderResult().isFailure()) {
            write(ctx, false, AdminReply.error(HttpResponseStatus.BAD_REQUEST, "invalid_payload", "malformed HTTP request"));
            return;
        }
        AdminRequest adminRequest = new AdminRequest(request.method(), new QueryStringDecoder(request.uri()).path(),
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()),
                String.valueOf(ctx.channel().remoteAddress()));
        endpoints.handle(adminRequest).whenComplete((reply, failure) -> onLoop(ctx, () -> write(ctx, keepAlive,
                failure == null ? reply
                        : AdminReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error"))));
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, AdminReply reply) {
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse response;
        try {
            response = reply.toResponse(json);
        } catch (RuntimeException e) {
            LOG.error("cannot encode an admin reply ({})", reply.status(), e);
            response = AdminReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error")
                    .toResponse(json);
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpUtil.setKeepAlive(response, true);
        ctx.writeAndFlush(response);
        busy = false;
        FullHttpRequest next = pipelined.poll();
        if (next == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        try {
            serve(ctx, next);
        } finally {
            next.release();
        }
    }

    /** Answers are produced on worker threads; channel state is only touched on the channel's own loop. */
    private static void onLoop(ChannelHandlerContext ctx, Runnable task) {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("admin reply dropped: the admin port is shutting down");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePipelined();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePipelined();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("admin connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void releasePipelined() {
        FullHttpRequest request;
        while ((request = pipelined.poll()) != null) {
            request.release();
        }
    }
}
