package dev.community.server.http;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.server.ServerMetrics;
import dev.community.server.budget.Budgets;
import io.netty.channel.ChannelHandlerContext;

/**
 * The budget of requests without a valid access token (the Lounge's files, the development sign-in, unknown
 * paths, refused tokens), per source address: the one place where such a request is counted and, when the
 * address has spent its budget, answered 429 instead.
 */
public final class AnonymousBudget {
    private final Budgets budgets;
    private final ServerMetrics metrics;
    private final JsonCodec codec;

    public AnonymousBudget(Budgets budgets, ServerMetrics metrics, JsonCodec codec) {
        this.budgets = budgets;
        this.metrics = metrics;
        this.codec = codec;
    }

    /** @return true when the request was refused (and answered) here; false when it may be served */
    public boolean refused(ChannelHandlerContext ctx, boolean keepAlive) {
        long retryAfter = budgets.takeAnonymousRequest(ClientAddress.of(ctx.channel()));
        if (retryAfter == 0) {
            return false;
        }
        metrics.rejected(ErrorCode.RATE_LIMITED.wire());
        HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(codec, retryAfter,
                "too many requests without a valid access token from this address"));
        return true;
    }
}
