package dev.community.server.http;

import dev.community.server.lounge.LoungeRoutes;
import dev.community.server.rest.RestApi;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.server.ServerMetrics;
import dev.community.protocol.WirePaths;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Routes plain HTTP requests on the public port: the connection-token endpoint to {@link ConnectionTokenRoute},
 * {@code /lounge} (the web client) to {@link LoungeRoutes}, the API specs to {@link ApiDocumentsRoute}, the REST API
 * to {@link RestApi}. Anything else is a JSON 404.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String TOKEN_PATH = WirePaths.CONNECTION_TOKEN;

    private final ConnectionTokenRoute tokens;
    private final ApiDocumentsRoute documents;
    private final RestApi rest;
    private final LoungeRoutes lounge;
    private final AnonymousBudget anonymous;
    private final ServerMetrics metrics;
    private final JsonCodec codec;

    /**
     * @param anonymous the budget of requests without a valid access token (specs, the Lounge, unknown paths)
     * @param codec     renders the router's own errors (a malformed request, no such endpoint)
     */
    public HttpRouter(ConnectionTokenRoute tokens, ApiDocumentsRoute documents, RestApi rest, LoungeRoutes lounge,
                      AnonymousBudget anonymous, ServerMetrics metrics, JsonCodec codec) {
        this.tokens = tokens;
        this.documents = documents;
        this.rest = rest;
        this.lounge = lounge;
        this.anonymous = anonymous;
        this.metrics = metrics;
        this.codec = codec;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        metrics.httpRequest();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.send(ctx, false, HttpResponses.error(codec, HttpResponseStatus.BAD_REQUEST,
                    ErrorCode.INVALID_PAYLOAD, "malformed HTTP request"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals(TOKEN_PATH) || path.equals(TOKEN_PATH.substring(0, TOKEN_PATH.length() - 1))) {
            tokens.handle(ctx, request, keepAlive);
        } else if (documents.handles(path)) {
            // Public documentation, read without a token: it counts against the anonymous budget like the Lounge.
            if (!overAnonymousBudget(ctx, keepAlive)) {
                documents.handle(ctx, request, path, keepAlive);
            }
        } else if (rest.handles(path)) {
            rest.handle(ctx, request, keepAlive);
        } else if (overAnonymousBudget(ctx, keepAlive)) {
            return;
        } else if (lounge.handles(path)) {
            lounge.handle(ctx, request, path, keepAlive);
        } else {
            HttpResponses.send(ctx, keepAlive, HttpResponses.error(codec, ErrorCode.NOT_FOUND, "no such endpoint"));
        }
    }

    private boolean overAnonymousBudget(ChannelHandlerContext ctx, boolean keepAlive) {
        return anonymous.refused(ctx, keepAlive);
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
