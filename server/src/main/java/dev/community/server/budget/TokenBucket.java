package dev.community.server.budget;

import dev.community.config.ServerConfig.Rate;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.util.concurrent.TimeUnit;

/**
 * One budget as a token bucket (Bucket4j): at most {@link Rate#burst()} tokens, refilled evenly at
 * {@link Rate#refill()} per {@link Rate#period()}. Time is the monotonic clock, so a wall-clock step neither
 * empties nor fills it.
 */
public final class TokenBucket {
    private final Bucket bucket;

    private TokenBucket(Rate rate, SynchronizationStrategy synchronization) {
        this.bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate.burst()).refillGreedy(rate.refill(), rate.period()).build())
                .withNanosecondPrecision()
                .withSynchronizationStrategy(synchronization)
                .build();
    }

    /** A bucket only one thread ever takes from (a connection's, on its event loop): no synchronisation at all. */
    public static TokenBucket confined(Rate rate) {
        return new TokenBucket(rate, SynchronizationStrategy.NONE);
    }

    /** A bucket several threads take from (a user's, from whichever event loop serves their request). */
    public static TokenBucket shared(Rate rate) {
        return new TokenBucket(rate, SynchronizationStrategy.LOCK_FREE);
    }

    /** @return 0 when a token was taken; otherwise nothing was taken and this is the wait for one, in ms (≥ 1) */
    public long tryTake() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill() + 999_999));
    }
}
