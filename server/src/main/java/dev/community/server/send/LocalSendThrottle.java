package dev.community.server.send;

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
    public CompletableFuture<SendRejectedException> admit(String userId, UUID roomId, int slowModeSeconds, long nowMillis) {
        return CompletableFuture.completedFuture(check(userId, roomId, slowModeSeconds, nowMillis));
    }

    /** The synchronous answer: null to go on, else the refusal. */
    public SendRejectedException check(String userId, UUID roomId, int slowModeSeconds, long nowMillis) {
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

    public static SendRejectedException rateLimited(long waitMillis) {
        return new SendRejectedException(ErrorCode.RATE_LIMITED, "too many messages; retry in " + waitMillis + " ms",
                waitMillis);
    }

    public static SendRejectedException slowMode(long waitMillis) {
        return new SendRejectedException(ErrorCode.SLOW_MODE, "slow mode is on; retry in " + waitMillis + " ms",
                waitMillis);
    }
}
