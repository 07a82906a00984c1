package dev.community.loadtest.audit;

import java.util.Arrays;
import java.util.UUID;

/**
 * The seqs one room acknowledged to this harness's senders: the reference every member of the room is held to.
 * Senders on any event loop append; the audit reads a sorted copy once the run stopped.
 */
public final class RoomLedger {
    private final UUID roomId;
    private long[] acked = new long[1024];
    private int size;
    private volatile long maxAcked;

    public RoomLedger(UUID roomId) {
        this.roomId = roomId;
    }

    public UUID roomId() {
        return roomId;
    }

    /** Records the seq of a send acknowledged for the first time (a replayed ack is not recorded again). */
    public synchronized void acknowledged(long seq) {
        if (size == acked.length) {
            acked = Arrays.copyOf(acked, size * 2);
        }
        acked[size++] = seq;
        if (seq > maxAcked) {
            maxAcked = seq;
        }
    }

    /** The highest acknowledged seq so far; 0 before the first. */
    public long maxAcked() {
        return maxAcked;
    }

    public synchronized int acknowledgedCount() {
        return size;
    }

    /** The acknowledged seqs, ascending, as recorded (two sends acknowledged with one seq appear twice). */
    public synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(acked, size);
        Arrays.sort(copy);
        return copy;
    }
}
