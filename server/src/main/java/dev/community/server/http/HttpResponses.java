package dev.community.server.http;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON responses and the contract's error body {@code {"error": {"code": ..., "message": ...}}}. Every JSON
 * answer is {@code nosniff} (a browser never reads it as anything but JSON) and {@code no-store} (it is one
 * user's view, never for a shared cache).
 */
public final class HttpResponses {
    public static final String NOSNIFF_HEADER = "X-Content-Type-Options";
    public static final String NOSNIFF = "nosniff";

    private HttpResponses() {
    }

    public static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().set(NOSNIFF_HEADER, NOSNIFF);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        HttpUtil.setContentLength(response, body.length);
        return response;
    }

    public static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        HttpUtil.setContentLength(response, 0);
        return response;
    }

    public static FullHttpResponse error(JsonCodec codec, HttpResponseStatus status, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.wire());
        error.put("message", message);
        return json(status, codec.writeBytes(Map.of("error", error)));
    }

    public static FullHttpResponse error(JsonCodec codec, ErrorCode code, String message) {
        return error(codec, HttpResponseStatus.valueOf(code.httpStatus()), code, message);
    }

    /**
     * 429 {@code rate_limited}: the error body carries {@code retry_after_ms} and the {@code Retry-After} header the
     * same wait in whole seconds (rounded up, at least 1).
     */
    public static FullHttpResponse rateLimited(JsonCodec codec, long retryAfterMillis, String message) {
        return retryLater(codec, ErrorCode.RATE_LIMITED, retryAfterMillis, message);
    }

    /** A refusal that ends after a wait ({@code rate_limited}, {@code slow_mode}): as {@link #rateLimited}, with its code. */
    public static FullHttpResponse retryLater(JsonCodec codec, ErrorCode code, long retryAfterMillis, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.wire());
        error.put("message", message);
        error.put("retry_after_ms", retryAfterMillis);
        FullHttpResponse response = json(HttpResponseStatus.valueOf(code.httpStatus()),
                codec.writeBytes(Map.of("error", error)));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
        return response;
    }

    /**
     * 500 {@code internal}: nothing of the cause reaches the client, only {@code request_id}, which the server logs
     * with the detail so an operator can find it.
     */
    public static FullHttpResponse internal(JsonCodec codec, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", ErrorCode.INTERNAL.wire());
        error.put("message", "internal error; quote request_id " + requestId + " to the operator");
        error.put("request_id", requestId);
        return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, codec.writeBytes(Map.of("error", error)));
    }

    /** Writes the response, keeping the connection open only if the request asked for it. */
    public static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
