package dev.community.loadtest.measure;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters and latency recorders every client writes to, from any event loop. Latencies are recorded in
 * microseconds up to an hour with three significant digits; the {@link Sampler} takes interval snapshots.
 * A run with a warm-up ({@link #measureFrom}) keeps the latencies of messages sent before the measured phase apart,
 * by their send time, so a message sent while the server was still cold never counts as a measured one.
 */
public final class Measurements {
    /** Anything slower than an hour is clamped: a run never lasts that long. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int DIGITS = 3;

    private final Recorder ackLatency = new Recorder(HIGHEST_MICROS, DIGITS);
    private final Recorder deliveryLatency = new Recorder(HIGHEST_MICROS, DIGITS);
    private final Recorder connectLatency = new Recorder(HIGHEST_MICROS, DIGITS);
    private final Recorder warmupAckLatency = new Recorder(HIGHEST_MICROS, DIGITS);
    private final Recorder warmupDeliveryLatency = new Recorder(HIGHEST_MICROS, DIGITS);
    /** Messages sent before this (System.nanoTime) belong to the warm-up; none without one. */
    private volatile long measuredFromNanos = Long.MIN_VALUE;
    private final LongAdder sent = new LongAdder();
    private final LongAdder warmupSent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder pongs = new LongAdder();
    private final LongAdder typing = new LongAdder();
    private final AtomicLong open = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** A message sent, stamped with {@code sentAtNanos} (its intended send time when paced). */
    public void sent(long sentAtNanos) {
        sent.increment();
        if (sentAtNanos < measuredFromNanos) {
            warmupSent.increment();
        }
    }

    /**
     * Messages sent from {@code nanos} on (System.nanoTime) are measured, those sent before are the warm-up's: set
     * before the first send, so that what arrives during the warm-up is already told apart.
     */
    public void measureFrom(long nanos) {
        measuredFromNanos = nanos;
    }

    /** The acknowledgement, at {@code nowNanos}, of a message sent at {@code sentAtNanos}. */
    public void acked(long sentAtNanos, long nowNanos) {
        acked.increment();
        (sentAtNanos < measuredFromNanos ? warmupAckLatency : ackLatency).recordValue(micros(nowNanos - sentAtNanos));
    }

    /** A new_message received at {@code nowNanos}; {@code sentAtNanos} below 0 when the content carried no send time. */
    public void delivered(long sentAtNanos, long nowNanos) {
        delivered.increment();
        if (sentAtNanos >= 0) {
            (sentAtNanos < measuredFromNanos ? warmupDeliveryLatency : deliveryLatency)
                    .recordValue(micros(nowNanos - sentAtNanos));
        }
    }

    /** A client got its first room_state, {@code latencyNanos} after its TCP connect started. */
    public void connected(long latencyNanos) {
        connects.increment();
        connectLatency.recordValue(micros(latencyNanos));
    }

    public void reconnected() {
        reconnects.increment();
    }

    /** A typing event reached a member (only a typing flood sends them in the harness). */
    public void typing() {
        typing.increment();
    }

    public void pong() {
        pongs.increment();
    }

    /** A connection reached room_state (+1) or closed after it (-1). */
    public void openChanged(int delta) {
        open.addAndGet(delta);
    }

    /** One error, keyed by where it came from and its code, e.g. {@code ws_error:rate_limited}, {@code close:4008}. */
    public void error(String key) {
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** {@code count} errors of one key at once. */
    public void error(String key, long count) {
        errors.computeIfAbsent(key, k -> new LongAdder()).add(count);
    }

    public long sentCount() {
        return sent.sum();
    }

    /** Messages sent during the warm-up (by their stamped send time). */
    public long warmupSentCount() {
        return warmupSent.sum();
    }

    public long ackedCount() {
        return acked.sum();
    }

    public long deliveredCount() {
        return delivered.sum();
    }

    public long connectCount() {
        return connects.sum();
    }

    public long reconnectCount() {
        return reconnects.sum();
    }

    public long typingCount() {
        return typing.sum();
    }

    public long pongCount() {
        return pongs.sum();
    }

    public long openConnections() {
        return open.get();
    }

    public long errorCount() {
        long total = 0;
        for (LongAdder count : errors.values()) {
            total += count.sum();
        }
        return total;
    }

    /** Errors by key, sorted by key. */
    public Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    Histogram ackInterval(Histogram recycle) {
        return ackLatency.getIntervalHistogram(recycle);
    }

    Histogram deliveryInterval(Histogram recycle) {
        return deliveryLatency.getIntervalHistogram(recycle);
    }

    Histogram warmupAckInterval(Histogram recycle) {
        return warmupAckLatency.getIntervalHistogram(recycle);
    }

    Histogram warmupDeliveryInterval(Histogram recycle) {
        return warmupDeliveryLatency.getIntervalHistogram(recycle);
    }

    Histogram connectInterval(Histogram recycle) {
        return connectLatency.getIntervalHistogram(recycle);
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }
}
