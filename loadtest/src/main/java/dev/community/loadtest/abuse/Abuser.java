package dev.community.loadtest.abuse;

/** One hostile client. {@link #tick} is called every few milliseconds from the crew's scheduler thread. */
interface Abuser {
    AbuserTally tally();

    /** Does what is due at {@code nowNanos}; never blocks. */
    void tick(long nowNanos);

    /** Stops sending and closes what is open; never blocks. */
    void stop();
}
