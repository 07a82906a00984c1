package dev.community.server.send;

import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The node's in-memory limits: exact for one node, and the fallback of a cluster node while Redis is down. */
public final class LocalSendThrottle implements SendThrottle {
    private final RateLimiter rateLimiter;
    private final SlowMode slowMode;

    public LocalSendThrottle(RateLimiter rateLimiter, SlowMode slowMode) {
        this.rateLimiter = rateLimiter;
        this.slowMode = slowMode;
    }

    @Override
    public CompletableFuture<Refusal> admit(String userId, UUID roomId, int slowModeSeconds, long nowMillis) {
        return CompletableFuture.completedFuture(check(userId, roomId, slowModeSeconds, nowMillis));
    }

    /** The synchronous answer: null to go on, else the refusal. */
    public Refusal check(String userId, UUID roomId, int slowModeSeconds, long nowMillis) {
        long rateWait = rateLimiter.tryAcquire(userId, nowMillis);
        if (rateWait > 0) {
            return rateLimited(rateWait);
        }
        if (slowModeSeconds > 0) {
            long slowWait = slowMode.tryPost(roomId, userId, slowModeSeconds, nowMillis);
            if (slowWait > 0) {
                return slowMode(slowWait);
            }
        }
        return null;
    }

    public static Refusal rateLimited(long waitMillis) {
        return new Refusal(ErrorCode.RATE_LIMITED, "too many messages; retry in " + waitMillis + " ms",
                waitMillis);
    }

    public static Refusal slowMode(long waitMillis) {
        return new Refusal(ErrorCode.SLOW_MODE, "slow mode is on; retry in " + waitMillis + " ms",
                waitMillis);
    }
}
