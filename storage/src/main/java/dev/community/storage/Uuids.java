package dev.community.storage;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds then random bits, so ids sort by creation time.
 *
 * <p>Within one process the ids are also strictly increasing (RFC 9562 §6.2, method 1: the 12-bit rand_a field
 * counts up within a millisecond, borrowing the next millisecond when it runs out). Lists paged by id (threads,
 * the moderation trail, DM threads, rooms) therefore keep creation order even for rows made in the same
 * millisecond.
 */
public final class Uuids {
    // Ids are not secrets (every read is permission-checked), so their random bits come from a per-thread
    // generator: a shared SecureRandom serialised every event loop that sends a message on one lock.
    private static final long VERSION_7 = 0x7000L;
    private static final long RAND_A = 0xFFFL;
    /** The most significant half of the last id issued. */
    private static final AtomicLong LAST_MSB = new AtomicLong();

    private Uuids() {
    }

    public static UUID v7() {
        long millis = System.currentTimeMillis();
        long msb;
        while (true) {
            long previous = LAST_MSB.get();
            long candidate = (millis << 16) | VERSION_7 | (ThreadLocalRandom.current().nextInt() & RAND_A);
            if (Long.compareUnsigned(candidate, previous) <= 0) {
                // same millisecond as the last id (or the clock stepped back): count up from it
                candidate = (previous & RAND_A) != RAND_A ? previous + 1 : (((previous >>> 16) + 1) << 16) | VERSION_7;
            }
            if (LAST_MSB.compareAndSet(previous, candidate)) {
                msb = candidate;
                break;
            }
        }
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
