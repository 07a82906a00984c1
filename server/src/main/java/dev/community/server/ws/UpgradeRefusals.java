package dev.community.server.ws;

import dev.community.config.ServerConfig;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.server.ServerMetrics;
import dev.community.server.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * How the gatekeeper says no before an upgrade (PROTOCOL.md §2): the origin rule ({@link OriginPolicy}), and every
 * refusal as plain HTTP with the contract's JSON error body, never upgrading, counted by its code
 * ({@code community.ws.handshakes}).
 */
public final class UpgradeRefusals {
    private final ServerConfig config;
    private final JsonCodec codec;
    private final ServerMetrics metrics;

    public UpgradeRefusals(ServerConfig config, JsonCodec codec, ServerMetrics metrics) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
    }

    boolean allowsOrigin(String origin, String host) {
        return OriginPolicy.allows(config, origin, host);
    }

    void refuse(ChannelHandlerContext ctx, ErrorCode code, HttpResponseStatus status, String message) {
        metrics.handshake(code.wire());
        HttpResponses.send(ctx, false, HttpResponses.error(codec, status, code, message));
    }

    /** The admission gate is full: 503 at once, with the wait a client should keep before it retries. */
    void gateFull(ChannelHandlerContext ctx, String retryAfterSeconds) {
        metrics.admissionRefused();
        metrics.handshake(ErrorCode.UNAVAILABLE.wire());
        FullHttpResponse full = HttpResponses.error(codec, HttpResponseStatus.SERVICE_UNAVAILABLE,
                ErrorCode.UNAVAILABLE, "too many connections are being admitted; retry after a pause");
        full.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        HttpResponses.send(ctx, false, full);
    }
}
