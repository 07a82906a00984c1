package dev.community.admin;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ReadinessCheck}s for {@code GET /ready} on its own threads, with a deadline.
 *
 * <p>A check that hangs (a database ping without a socket timeout) must neither stall the answer nor pile up
 * threads: each check has at most one call in flight, which later probes wait on again instead of starting
 * another, so the probe pool needs one thread per check and never grows. A call that has not answered by the
 * deadline reports {@link State#TIMEOUT}; it keeps running and the next probe may still see it answer.
 */
final class ReadinessProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessProbe.class);

    /** A check's state in the {@code /ready} body. */
    enum State {
        UP, DOWN, TIMEOUT;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final List<ReadinessCheck> checks;
    private final Duration timeout;
    private final ExecutorService executor;
    private final CompletableFuture<?>[] inFlight;
    /** Last state seen per check, to log changes once rather than every probe (a load balancer probes often). */
    private final Map<String, State> lastSeen = new ConcurrentHashMap<>();

    ReadinessProbe(List<ReadinessCheck> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        Set<String> names = new HashSet<>();
        for (ReadinessCheck check : this.checks) {
            String name = check.name();
            if (name == null || name.isBlank() || !names.add(name)) {
                throw new IllegalArgumentException("readiness check names must be non-blank and unique: " + name);
            }
        }
        int threads = Math.max(1, this.checks.size());
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(threads), new DefaultThreadFactory("admin-probe", true),
                new ThreadPoolExecutor.AbortPolicy());
        this.inFlight = new CompletableFuture<?>[this.checks.size()];
    }

    /** Every check's state, in the order the checks were given; completes within the timeout. */
    CompletableFuture<Map<String, State>> probe() {
        List<CompletableFuture<State>> views = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            ReadinessCheck check = checks.get(i);
            // A dependent view gets the deadline, never the shared call: timing the call itself out would mark it
            // done and let the next probe start a second call next to the hung one.
            views.add(call(i).handle((ready, failure) -> {
                        if (failure != null) {
                            LOG.debug("readiness check {} failed", check.name(), AdminWorkers.unwrap(failure));
                        }
                        return failure == null && Boolean.TRUE.equals(ready) ? State.UP : State.DOWN;
                    })
                    .completeOnTimeout(State.TIMEOUT, timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(views.toArray(CompletableFuture<?>[]::new)).thenApply(ignored -> {
            Map<String, State> states = new LinkedHashMap<>();
            for (int i = 0; i < views.size(); i++) {
                String name = checks.get(i).name();
                State state = views.get(i).join();
                states.put(name, state);
                logChange(name, state);
            }
            return states;
        });
    }

    private synchronized CompletableFuture<?> call(int index) {
        CompletableFuture<?> running = inFlight[index];
        if (running == null || running.isDone()) {
            ReadinessCheck check = checks.get(index);
            try {
                running = CompletableFuture.supplyAsync(check::isReady, executor);
            } catch (RejectedExecutionException e) {
                running = CompletableFuture.failedFuture(e);
            }
            inFlight[index] = running;
        }
        return running;
    }

    private void logChange(String name, State state) {
        State before = lastSeen.put(name, state);
        if (before == state) {
            return;
        }
        if (state == State.UP) {
            if (before != null) {
                LOG.info("readiness check {} is up again", name);
            }
        } else {
            LOG.warn("readiness check {} is {}", name, state.wire());
        }
    }

    @Override
    public void close() {
        // Interrupts hung checks: their threads are daemons, but a JDBC ping may honour the interrupt.
        executor.shutdownNow();
    }
}
