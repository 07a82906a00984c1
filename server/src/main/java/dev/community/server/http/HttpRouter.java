package dev.community.server.http;

import dev.community.server.lounge.LoungeRoutes;
import dev.community.server.rest.RestApi;

import dev.community.protocol.ConnectionToken;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.WirePaths;
import dev.community.server.OnLoop;
import dev.community.server.ServerContext;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.Principal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Routes plain HTTP requests on the public port: the connection-token endpoint here, {@code /lounge} (the web
 * client) to {@link LoungeRoutes}, the API specs to {@link ApiDocumentsRoute}, the REST API to {@link RestApi}.
 * Anything else is a JSON 404.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String TOKEN_PATH = WirePaths.CONNECTION_TOKEN;

    private final ServerContext app;
    private final RestApi rest;
    private final LoungeRoutes lounge;
    private final ApiDocumentsRoute documents;

    public HttpRouter(ServerContext app, RestApi rest) {
        this.app = app;
        this.rest = rest;
        this.lounge = new LoungeRoutes(app);
        this.documents = new ApiDocumentsRoute(ApiDocuments.bundled(), app.codec());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        app.metrics().httpRequest();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.send(ctx, false, HttpResponses.error(app.codec(), HttpResponseStatus.BAD_REQUEST,
                    ErrorCode.INVALID_PAYLOAD, "malformed HTTP request"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals(TOKEN_PATH) || path.equals(TOKEN_PATH.substring(0, TOKEN_PATH.length() - 1))) {
            issueConnectionToken(ctx, request, keepAlive);
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
            HttpResponses.send(ctx, keepAlive, HttpResponses.error(app.codec(), ErrorCode.NOT_FOUND, "no such endpoint"));
        }
    }

    private boolean overAnonymousBudget(ChannelHandlerContext ctx, boolean keepAlive) {
        return AnonymousBudget.refused(app, ctx, keepAlive);
    }

    private void issueConnectionToken(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        if (!HttpMethod.POST.equals(request.method())) {
            HttpResponses.send(ctx, keepAlive, HttpResponses.error(app.codec(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    ErrorCode.NOT_FOUND, "use POST"));
            return;
        }
        Principal principal;
        try {
            principal = app.authenticator().verify(bearer(request));
        } catch (AuthenticationException e) {
            if (!overAnonymousBudget(ctx, keepAlive)) {
                var response = HttpResponses.error(app.codec(), ErrorCode.UNAUTHORIZED, e.getMessage());
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                HttpResponses.send(ctx, keepAlive, response);
            }
            return;
        }
        long retryAfter = app.budgets().takeConnectionToken(principal.userId());
        if (retryAfter > 0) {
            app.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
            HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(app.codec(), retryAfter,
                    "too many connection tokens for this user; reconnect more slowly"));
            return;
        }
        // In a cluster the token is stored in Redis before it is handed out, so it works on any node.
        OnLoop.then(app.tokens().issueAsync(principal), ctx.executor(), (token, failure) -> {
            if (failure != null) {
                HttpResponses.send(ctx, keepAlive, HttpResponses.error(app.codec(), ErrorCode.UNAVAILABLE,
                        "connection tokens are unavailable; retry"));
                return;
            }
            byte[] body = app.codec().writeBytes(new ConnectionToken(token, ConnectionTokens.TTL_SECONDS));
            HttpResponses.send(ctx, keepAlive, HttpResponses.json(HttpResponseStatus.OK, body));
        });
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
