package dev.community.server.budget;

import dev.community.config.ServerConfig.LimitsConfig;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection's budget for request frames (request_history, mark_read, ping, typing), and its
 * patience with a client that ignores the refusals: {@code limits.ws_rate_limited_strikes} rate_limited answers
 * within a minute and the connection is to be closed (1008). Confined to the connection's event loop.
 */
public final class ConnectionBudget {
    private static final long STRIKE_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final TokenBucket requests;
    private final int maxStrikes;
    private final BudgetMetrics metrics;
    private long strikeWindowStart;
    private int strikes;

    public ConnectionBudget(LimitsConfig limits, BudgetMetrics metrics) {
        this.requests = TokenBucket.confined(limits.wsRequests());
        this.maxStrikes = limits.wsRateLimitedStrikes();
        this.metrics = metrics;
    }

    /** One request frame: 0 when it may be served, else the milliseconds until one may. */
    public long takeRequest() {
        long retryAfter = requests.tryTake();
        if (retryAfter > 0) {
            metrics.rejected(BudgetKind.WS_REQUESTS);
        }
        return retryAfter;
    }

    /**
     * Counts one rate_limited answer sent to this client.
     *
     * @return true when the client has now ignored too many within a minute and must be closed
     */
    public boolean strike(long nowNanos) {
        if (strikes == 0 || nowNanos - strikeWindowStart > STRIKE_WINDOW_NANOS) {
            strikeWindowStart = nowNanos;
            strikes = 0;
        }
        return ++strikes >= maxStrikes;
    }
}
