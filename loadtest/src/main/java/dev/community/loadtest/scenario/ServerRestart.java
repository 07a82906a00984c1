package dev.community.loadtest.scenario;

import dev.community.loadtest.client.SimClient;
import dev.community.loadtest.report.RestartResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link RestartPlan} during the send phase: at its time, notes which clients are live (the ones
 * that must come back), starts the restart command, and at the end says how long they took to be back. Called from
 * the run's orchestrating thread; the command runs as a child process.
 */
final class ServerRestart {
    private static final Logger log = LoggerFactory.getLogger(ServerRestart.class);

    private final RestartPlan plan;
    private final List<SimClient> clients;
    private long startedNanos = -1;
    private long endedNanos = -1;
    private List<SimClient> mustComeBack = List.of();
    private Process process;

    ServerRestart(RestartPlan plan, List<SimClient> clients) {
        this.plan = plan;
        this.clients = clients;
    }

    /** Starts the restart once its time into the send phase (begun at {@code sendStartNanos}) has come. */
    void step(long sendStartNanos) {
        long now = System.nanoTime();
        if (startedNanos >= 0 || now < sendStartNanos + plan.after().toNanos()) {
            if (process != null && endedNanos < 0 && !process.isAlive()) {
                endedNanos = now;
            }
            return;
        }
        mustComeBack = clients.stream().filter(c -> c.state() == SimClient.State.LIVE).toList();
        startedNanos = now;
        log.info("restart-storm: {} clients live; running the restart command", mustComeBack.size());
        try {
            process = new ProcessBuilder("sh", "-c", plan.command()).inheritIO().start();
        } catch (IOException e) {
            log.warn("restart-storm: the restart command could not be started: {}", e.getMessage());
            endedNanos = now;
        }
    }

    /** What the restart did; call once the run has drained. */
    RestartResult result() throws InterruptedException {
        int exit = -1;
        if (process != null) {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                exit = process.exitValue();
                if (endedNanos < 0) {
                    endedNanos = System.nanoTime();
                }
            } else {
                process.destroy();
            }
        }
        double commandSeconds = startedNanos < 0 || endedNanos < 0 ? Double.NaN : seconds(endedNanos - startedNanos);
        List<Long> backAfter = new ArrayList<>();
        for (SimClient client : mustComeBack) {
            long live = client.liveSinceNanos();
            if (live > startedNanos) {
                backAfter.add(live - startedNanos);
            }
        }
        long[] sorted = backAfter.stream().mapToLong(Long::longValue).sorted().toArray();
        return new RestartResult(exit, commandSeconds, mustComeBack.size(), sorted.length,
                percentile(sorted, 1.0), percentile(sorted, 0.5), percentile(sorted, 0.99));
    }

    /** The nearest-rank percentile of {@code sorted} nanoseconds, in seconds; NaN for none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return seconds(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    @Override
    public String toString() {
        return "ServerRestart" + Arrays.asList(plan.after(), plan.command());
    }
}
