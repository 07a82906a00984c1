package dev.community.server.http;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;

/**
 * Aggregates a request up to {@value #MAX_BODY_BYTES} bytes; a larger body gets the contract's 413 with a JSON
 * error (instead of Netty's bare 413) and the connection is closed, since the rest of the body is unread.
 */
public final class BodyLimitAggregator extends HttpObjectAggregator {
    /** PROTOCOL.md §3: request bodies over 64 KiB get 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private final JsonCodec codec;

    public BodyLimitAggregator(JsonCodec codec) {
        super(MAX_BODY_BYTES);
        this.codec = codec;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (oversized instanceof HttpRequest) {
            var response = HttpResponses.error(codec, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    ErrorCode.INVALID_PAYLOAD, "request body is over 64 KiB");
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
