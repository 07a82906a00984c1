package dev.community.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices an event loop that stopped turning: something blocked it (a JDBC call that slipped onto a loop, a lock,
 * a huge synchronous encode), and every connection on it waits. Each loop runs a heartbeat task every
 * {@link #BEAT}; a watchdog thread of its own (it must not share the loops it watches) reads how long ago each loop
 * last beat. The lag — how much later than due the heartbeat is — is the gauge
 * {@code community.event.loop.lag} (seconds, tag {@code loop}: the thread's name); past {@link #STALL} the loop is
 * stalled: the counter {@code community.event.loop.stalls} counts it once, and one WARN line names the loop and
 * where its thread is stuck (the top frames of its stack), while it is still stuck; an INFO line says when it
 * turns again and after how long.
 */
public final class EventLoopWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopWatch.class);
    /** How often each loop beats and the watchdog looks: cheap (one tiny task per loop) and fine-grained enough. */
    static final Duration BEAT = Duration.ofMillis(100);
    /** A lag beyond this is a stall: clients notice a second; GC pauses and busy loops stay well below it. */
    static final Duration STALL = Duration.ofSeconds(1);
    private static final int STACK_FRAMES = 12;

    private final List<Heart> hearts = new ArrayList<>();
    private final Counter stalls;
    private final ScheduledExecutorService watchdog;

    /** One loop's heartbeat and what the watchdog knows of it. */
    private static final class Heart {
        final String name;
        volatile Thread thread;
        volatile long lastBeat = System.nanoTime();
        volatile double lagSeconds;
        boolean stalled; // watchdog thread only
        long stalledSince; // watchdog thread only: the last beat before the stall
        ScheduledFuture<?> beat;

        Heart(String name) {
            this.name = name;
        }
    }

    /**
     * Starts watching every loop of {@code group}, named {@code name-0}, {@code name-1}, ... in the {@code loop} tag;
     * the meters go to {@code registry}.
     */
    public EventLoopWatch(MeterRegistry registry, String name, EventExecutorGroup group) {
        this.stalls = Counter.builder("community.event.loop.stalls")
                .description("Times an event loop's heartbeat was more than " + STALL.toMillis()
                        + " ms late: the loop was blocked and every connection on it waited")
                .register(registry);
        for (EventExecutor loop : group) {
            Heart heart = new Heart(name + "-" + hearts.size());
            loop.execute(() -> heart.thread = Thread.currentThread());
            heart.beat = loop.scheduleAtFixedRate(() -> heart.lastBeat = System.nanoTime(),
                    0, BEAT.toNanos(), TimeUnit.NANOSECONDS);
            hearts.add(heart);
            Gauge.builder("community.event.loop.lag", heart, h -> h.lagSeconds).baseUnit("seconds")
                    .tag("loop", heart.name)
                    .description("How much later than due the event loop's heartbeat is now (0 when it turns)")
                    .register(registry);
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-loop-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(this::look, BEAT.toNanos(), BEAT.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void look() {
        long now = System.nanoTime();
        for (Heart heart : hearts) {
            long lagNanos = Math.max(0, now - heart.lastBeat - BEAT.toNanos());
            heart.lagSeconds = lagNanos / 1e9;
            boolean stalled = lagNanos > STALL.toNanos();
            if (stalled && !heart.stalled) {
                stalls.increment();
                heart.stalledSince = heart.lastBeat;
                Thread thread = heart.thread;
                LOG.warn("event loop {} ({}) stalled: no heartbeat for {} ms; every connection on it waits. Its"
                                + " thread is at:\n{}", heart.name, thread == null ? "?" : thread.getName(),
                        TimeUnit.NANOSECONDS.toMillis(lagNanos), where(thread));
            } else if (!stalled && heart.stalled) {
                LOG.info("event loop {} turns again after about {} ms", heart.name,
                        TimeUnit.NANOSECONDS.toMillis(heart.lastBeat - heart.stalledSince));
            }
            heart.stalled = stalled;
        }
    }

    private static String where(Thread thread) {
        if (thread == null) {
            return "\t(unknown)";
        }
        return Arrays.stream(thread.getStackTrace()).limit(STACK_FRAMES).map(f -> "\tat " + f)
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        for (Heart heart : hearts) {
            heart.beat.cancel(false);
        }
    }
}
