package dev.community.server.http;

import dev.community.protocol.ConnectionToken;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.server.OnLoop;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.JwtAuthenticator;
import dev.community.server.auth.Principal;
import dev.community.server.budget.Budgets;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code POST /auth/ws-connection-token/} (PROTOCOL.md §2): an access JWT exchanged for a single-use connection
 * token, within the user's connection-token budget; a refused JWT counts against the address's anonymous budget.
 */
public final class ConnectionTokenRoute {
    private final JwtAuthenticator authenticator;
    private final ConnectionTokens tokens;
    private final Budgets budgets;
    private final AnonymousBudget anonymous;
    private final ServerMetrics metrics;
    private final JsonCodec codec;

    public ConnectionTokenRoute(JwtAuthenticator authenticator, ConnectionTokens tokens, Budgets budgets,
                                AnonymousBudget anonymous, ServerMetrics metrics, JsonCodec codec) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.budgets = budgets;
        this.anonymous = anonymous;
        this.metrics = metrics;
        this.codec = codec;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        if (!HttpMethod.POST.equals(request.method())) {
            HttpResponses.send(ctx, keepAlive, HttpResponses.error(codec, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    ErrorCode.NOT_FOUND, "use POST"));
            return;
        }
        Principal principal;
        try {
            principal = authenticator.verify(HttpRouter.bearer(request));
        } catch (AuthenticationException e) {
            if (!anonymous.refused(ctx, keepAlive)) {
                var response = HttpResponses.error(codec, ErrorCode.UNAUTHORIZED, e.getMessage());
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                HttpResponses.send(ctx, keepAlive, response);
            }
            return;
        }
        long retryAfter = budgets.takeConnectionToken(principal.userId());
        if (retryAfter > 0) {
            metrics.rejected(ErrorCode.RATE_LIMITED.wire());
            HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(codec, retryAfter,
                    "too many connection tokens for this user; reconnect more slowly"));
            return;
        }
        // In a cluster the token is stored in Redis before it is handed out, so it works on any node.
        OnLoop.then(tokens.issueAsync(principal), ctx.executor(), (token, failure) -> {
            if (failure != null) {
                HttpResponses.send(ctx, keepAlive, HttpResponses.error(codec, ErrorCode.UNAVAILABLE,
                        "connection tokens are unavailable; retry"));
                return;
            }
            byte[] body = codec.writeBytes(new ConnectionToken(token, ConnectionTokens.TTL_SECONDS));
            HttpResponses.send(ctx, keepAlive, HttpResponses.json(HttpResponseStatus.OK, body));
        });
    }
}
