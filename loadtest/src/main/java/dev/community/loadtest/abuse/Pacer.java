package dev.community.loadtest.abuse;

/**
 * How many actions an abuser owes by now at its rate, counted from its start. Catching up is capped at one
 * second's worth, so an abuser stalled by a slow answer resumes at its rate instead of bursting without bound.
 */
final class Pacer {
    private final double perSecond;
    private final long startNanos;
    private long done;

    Pacer(double perSecond, long startNanos) {
        this.perSecond = perSecond;
        this.startNanos = startNanos;
    }

    /** Actions due at {@code nowNanos} that were not yet taken. */
    long due(long nowNanos) {
        long owed = (long) ((nowNanos - startNanos) / 1e9 * perSecond) + 1;
        long cap = Math.max(1, (long) perSecond);
        if (owed - done > cap) {
            done = owed - cap;
        }
        return Math.max(0, owed - done);
    }

    /** One due action was taken. */
    void took() {
        done++;
    }
}
