package dev.community.loadtest.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Once an interval, turns the {@link Measurements} into a {@link SeriesPoint} (rates and p99 of the interval,
 * the server's reading) and a progress line; keeps the run's cumulative histograms, the measured messages' apart
 * from the warm-up's (a series point's p99 is over both: what the interval delivered). One daemon thread.
 */
public final class Sampler implements AutoCloseable {
    private final Measurements measurements;
    private final ServerProbe probe;
    private final Consumer<String> progress;
    private final long startNanos;
    private final List<SeriesPoint> series = new ArrayList<>();
    private final List<ServerSample> serverSamples = new ArrayList<>();
    private final Histogram ackTotal = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private final Histogram deliveryTotal = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private final Histogram connectTotal = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private final Histogram warmupAckTotal = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private final Histogram warmupDeliveryTotal = new Histogram(Measurements.HIGHEST_MICROS, 3);
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadtest-sampler");
        t.setDaemon(true);
        return t;
    });
    private Histogram ackInterval;
    private Histogram deliveryInterval;
    private Histogram connectInterval;
    private Histogram warmupAckInterval;
    private Histogram warmupDeliveryInterval;
    private long lastNanos;
    private long lastSent;
    private long lastAcked;
    private long lastDelivered;
    private volatile String phase = "start";

    public Sampler(Measurements measurements, ServerProbe probe, Consumer<String> progress, long startNanos) {
        this.measurements = measurements;
        this.probe = probe;
        this.progress = progress;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** Samples every {@code intervalMillis} until closed. */
    public void start(long intervalMillis) {
        probe.sample(); // primes CPU deltas
        thread.scheduleAtFixedRate(this::sampleSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The name shown in the progress line (connect, send, drain...). */
    public void phase(String name) {
        this.phase = name;
    }

    /** Stops sampling after one last interval. */
    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    public synchronized List<SeriesPoint> series() {
        return List.copyOf(series);
    }

    public synchronized List<ServerSample> serverSamples() {
        return List.copyOf(serverSamples);
    }

    public synchronized Histogram ackHistogram() {
        return ackTotal.copy();
    }

    public synchronized Histogram deliveryHistogram() {
        return deliveryTotal.copy();
    }

    public synchronized Histogram connectHistogram() {
        return connectTotal.copy();
    }

    /** send→ack of the messages sent during the warm-up (empty without one). */
    public synchronized Histogram warmupAckHistogram() {
        return warmupAckTotal.copy();
    }

    /** send→delivered of the messages sent during the warm-up (empty without one). */
    public synchronized Histogram warmupDeliveryHistogram() {
        return warmupDeliveryTotal.copy();
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Sampler.class).warn("sampling failed", e);
        }
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        ackInterval = measurements.ackInterval(ackInterval);
        deliveryInterval = measurements.deliveryInterval(deliveryInterval);
        connectInterval = measurements.connectInterval(connectInterval);
        warmupAckInterval = measurements.warmupAckInterval(warmupAckInterval);
        warmupDeliveryInterval = measurements.warmupDeliveryInterval(warmupDeliveryInterval);
        ackTotal.add(ackInterval);
        deliveryTotal.add(deliveryInterval);
        connectTotal.add(connectInterval);
        warmupAckTotal.add(warmupAckInterval);
        warmupDeliveryTotal.add(warmupDeliveryInterval);
        long sent = measurements.sentCount();
        long acked = measurements.ackedCount();
        long delivered = measurements.deliveredCount();
        ServerSample server = probe.sample();
        serverSamples.add(server);
        SeriesPoint point = new SeriesPoint(
                Math.round((now - startNanos) / 1e7) / 100.0,
                Math.round((sent - lastSent) / seconds),
                Math.round((acked - lastAcked) / seconds),
                Math.round((delivered - lastDelivered) / seconds),
                measurements.openConnections(),
                p99(ackInterval, warmupAckInterval), p99(deliveryInterval, warmupDeliveryInterval),
                server.cpuPercent(), server.heapBytes(), server.rssBytes());
        series.add(point);
        lastNanos = now;
        lastSent = sent;
        lastAcked = acked;
        lastDelivered = delivered;
        progress.accept(ProgressLine.format(phase, point, measurements.errorCount()));
    }

    private static double p99(Histogram measured, Histogram warmup) {
        Histogram interval = measured;
        if (warmup.getTotalCount() > 0) {
            interval = measured.copy();
            interval.add(warmup);
        }
        return interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0;
    }
}
