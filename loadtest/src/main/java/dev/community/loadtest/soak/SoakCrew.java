package dev.community.loadtest.soak;

import dev.community.loadtest.audit.RoomLedger;
import dev.community.loadtest.client.AccessTokens;
import dev.community.loadtest.client.LoopbackTarget;
import dev.community.loadtest.measure.SeriesPoint;
import dev.community.protocol.JsonCodec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a {@link SoakPlan} beside the run's sockets during the send phase: the REST mix at its rate, the fault
 * command at its interval, the resource samples at theirs (the REST actions themselves are asynchronous). {@link #stop()} takes a last sample and fits the trends.
 */
public final class SoakCrew implements AutoCloseable {
    private final SoakPlan plan;
    private final long runStartNanos;
    private final RestMix rest;
    private final FaultSchedule faults;
    private final ResourceWatch resources;
    /**
     * Three threads: a resource sample can block for seconds (a full GC through jcmd, a scrape of a stalled server)
     * and must not hold back the REST mix or a fault; a periodic task never overlaps itself.
     */
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3, r -> {
        Thread thread = new Thread(r, "loadtest-soak");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param nodes         the server's nodes: the REST actions go to each in turn
     * @param runStartNanos the run's start ({@link System#nanoTime()}), the origin of every sample's seconds
     * @param series        the run's fine-grained samples, for each interval's p99
     * @param heapAfterFullGc collects and reads the server's heap (given its pid), or null to read the metrics'
     */
    public SoakCrew(SoakPlan plan, List<LoopbackTarget> nodes, AccessTokens tokens, JsonCodec codec, Map<UUID, RoomLedger> ledgers,
                    String runId, URI metricsUrl, Supplier<List<SeriesPoint>> series,
                    Supplier<OptionalLong> heapAfterFullGc, long runStartNanos) {
        this.plan = plan;
        this.runStartNanos = runStartNanos;
        this.rest = new RestMix(nodes, tokens, codec, plan.rooms(), ledgers, plan.userPrefix(), runId);
        this.faults = plan.faultCommand() == null ? null : new FaultSchedule(plan.faultCommand());
        this.resources = new ResourceWatch(metricsUrl, series, heapAfterFullGc);
    }

    public void start() {
        if (plan.restRate() > 0) {
            long every = Math.max(1, Math.round(1_000_000 / plan.restRate()));
            scheduler.scheduleAtFixedRate(guarded(rest::tick), every, every, TimeUnit.MICROSECONDS);
        }
        long sampleEvery = plan.resourceEvery().toMillis();
        // The first sample as the traffic starts, on the scheduler too: a full GC through jcmd can take seconds on a
        // busy machine, and the REST mix and the faults must not wait for it.
        scheduler.scheduleAtFixedRate(guarded(() -> resources.sample(seconds())), 0, sampleEvery,
                TimeUnit.MILLISECONDS);
        if (faults != null) {
            long faultEvery = plan.faultEvery().toMillis();
            scheduler.scheduleAtFixedRate(guarded(() -> faults.fire(seconds())), faultEvery, faultEvery,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the actions, takes the last sample and reports. */
    public SoakReport stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        resources.sample(seconds());
        List<ResourceSample> all = resources.samples();
        // The first sample is taken as the traffic starts, before buffer pools and caches warm up, and the first
        // tenth of the run is warm-up too: charted, but a step there is not a trend.
        double warmUp = all.get(0).seconds() + (all.get(all.size() - 1).seconds() - all.get(0).seconds()) / 10;
        List<ResourceSample> samples = all.stream().skip(1).filter(sample -> sample.seconds() >= warmUp).toList();
        List<Trend> trends = new ArrayList<>();
        trends.add(Trend.of("heap_after_gc_bytes", samples, ResourceSample::heapAfterGcBytes));
        trends.add(Trend.of("direct_bytes", samples, ResourceSample::directBytes));
        trends.add(Trend.of("open_files", samples, ResourceSample::openFiles));
        trends.add(Trend.of("threads", samples, ResourceSample::threads));
        trends.add(Trend.of("blocking_queue", samples, ResourceSample::blockingQueue));
        trends.add(Trend.of("ack_p99_ms", samples, ResourceSample::ackP99Ms));
        boolean flat = trends.stream().allMatch(Trend::flat);
        return new SoakReport(all, trends, flat, faults == null ? List.of() : faults.finish(), rest.outcomes());
    }

    private double seconds() {
        return (System.nanoTime() - runStartNanos) / 1e9;
    }

    private static Runnable guarded(Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SoakCrew.class).warn("soak: {}", e.toString());
            }
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
