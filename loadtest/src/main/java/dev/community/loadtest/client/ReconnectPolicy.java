package dev.community.loadtest.client;

import java.util.random.RandomGenerator;

/**
 * When a dropped client tries again, as a real client library does: the first pause {@code firstDelayMillis},
 * doubling with each failed attempt up to {@code maxDelayMillis}, each pause jittered to between half and one and a
 * half times its value so that clients dropped together do not come back together; after {@code maxFailures}
 * failed attempts in a row the client gives up.
 */
public record ReconnectPolicy(long firstDelayMillis, long maxDelayMillis, int maxFailures) {
    /** The resume scenario's: the given pause, not growing, five failures. */
    public static ReconnectPolicy fixed(long delayMillis) {
        return new ReconnectPolicy(delayMillis, delayMillis, 5);
    }

    public ReconnectPolicy {
        if (firstDelayMillis < 0 || maxDelayMillis < firstDelayMillis || maxFailures < 1) {
            throw new IllegalArgumentException("a reconnect policy needs 0 <= first delay <= max delay and at least one attempt");
        }
    }

    /** The pause before the next attempt after {@code failures} failed ones in a row (0: the first attempt). */
    public long delayMillis(int failures, RandomGenerator random) {
        long grown = firstDelayMillis << Math.min(failures, 20);
        long base = Math.min(maxDelayMillis, grown < 0 ? maxDelayMillis : grown);
        return jittered(base, random);
    }

    /** {@code millis} spread to between half and one and a half times it, so that clients refused together part. */
    public static long jittered(long millis, RandomGenerator random) {
        return Math.round(millis * (0.5 + random.nextDouble()));
    }
}
