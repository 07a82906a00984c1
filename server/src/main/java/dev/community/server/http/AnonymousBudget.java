package dev.community.server.http;

import dev.community.protocol.ErrorCode;
import dev.community.server.ServerContext;
import io.netty.channel.ChannelHandlerContext;

/**
 * The budget of requests without a valid access token (the Lounge's files, the development sign-in, unknown
 * paths, refused tokens), per source address: the one place where such a request is counted and, when the
 * address has spent its budget, answered 429 instead.
 */
public final class AnonymousBudget {
    private AnonymousBudget() {
    }

    /** @return true when the request was refused (and answered) here; false when it may be served */
    public static boolean refused(ServerContext app, ChannelHandlerContext ctx, boolean keepAlive) {
        long retryAfter = app.budgets().takeAnonymousRequest(ClientAddress.of(ctx.channel()));
        if (retryAfter == 0) {
            return false;
        }
        app.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
        HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(app.codec(), retryAfter,
                "too many requests without a valid access token from this address"));
        return true;
    }
}
