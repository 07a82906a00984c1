package dev.community.loadtest.sink;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.util.List;

/**
 * Answers one aggregated request: 204 for a POST (any path) that has a {@code webhook-id} and, when a secret is set,
 * a signature that verifies (a batch's events each counted by their own ids, {@link BatchIds}); 400 without an id
 * or for a batch without events and 401 for a bad signature (both counted as bad); 405 for any other
 * method; 400 for a request the codec could not parse. Every answer is empty (content-length 0, none on a 204) and
 * keeps the connection open unless the client asked to close it, because the server's sender reuses its connections
 * and a reconnect per event would cost both sides more than the event. Responses are written as they come and
 * flushed once per read, so requests that arrive together leave in one write. {@link SimpleChannelInboundHandler}
 * releases each request.
 */
@Sharable
final class SinkHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    private final SinkCounters counters;
    /** Null when no secret was given: every delivery with an id is accepted. */
    private final SignatureCheck check;

    SinkHandler(SinkCounters counters, SignatureCheck check) {
        this.counters = counters;
        this.check = check;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        answer(ctx, request, status(request));
    }

    private HttpResponseStatus status(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            return HttpResponseStatus.METHOD_NOT_ALLOWED;
        }
        String id = request.headers().get(ID);
        if (id == null || id.isEmpty()) {
            counters.refused();
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (check != null && !check.verifies(id, request.headers().get(TIMESTAMP), request.headers().get(SIGNATURE),
                request.content())) {
            counters.refused();
            return HttpResponseStatus.UNAUTHORIZED;
        }
        if (!BatchIds.isBatch(id)) {
            counters.accepted(id);
            return HttpResponseStatus.NO_CONTENT;
        }
        List<String> events;
        try {
            events = BatchIds.of(request.content());
        } catch (IOException e) {
            events = List.of();
        }
        if (events.isEmpty()) {
            counters.refused();
            return HttpResponseStatus.BAD_REQUEST;
        }
        events.forEach(counters::accepted);
        return HttpResponseStatus.NO_CONTENT;
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.EMPTY_BUFFER);
        // Netty's encoder drops it again from a 204, which must not carry one (RFC 9110 8.6); the others need it for
        // the connection to stay usable.
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
        }
        boolean keepAlive = request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.write(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    /** A reset connection or a broken request: close it; the counters only describe complete requests. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
