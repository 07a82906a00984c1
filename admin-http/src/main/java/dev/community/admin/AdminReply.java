package dev.community.admin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * What an admin endpoint answers, before it is encoded. JSON bodies are encoded on the admin event loop by
 * {@link #toResponse}, not on whatever thread produced them (the message writer's, say).
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body        a {@code byte[]} written as is, or a value written as JSON
 * @param headers     extra response headers
 */
record AdminReply(HttpResponseStatus status, CharSequence contentType, Object body, Map<CharSequence, String> headers) {

    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(String code, String message) {
    }

    static AdminReply json(HttpResponseStatus status, Object body) {
        return new AdminReply(status, HttpHeaderValues.APPLICATION_JSON, body, Map.of());
    }

    static AdminReply text(HttpResponseStatus status, CharSequence contentType, byte[] body) {
        return new AdminReply(status, contentType, body, Map.of());
    }

    static AdminReply error(AdminException e) {
        return error(HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
    }

    static AdminReply error(HttpResponseStatus status, String code, String message) {
        return json(status, new ErrorBody(new ErrorDetail(code, message)));
    }

    AdminReply withHeader(CharSequence name, String value) {
        Map<CharSequence, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminReply(status, contentType, body, Map.copyOf(more));
    }

    FullHttpResponse toResponse(AdminJson json) {
        byte[] bytes = body instanceof byte[] raw ? raw : json.write(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.forEach((name, value) -> response.headers().set(name, value));
        HttpUtil.setContentLength(response, bytes.length);
        return response;
    }
}
