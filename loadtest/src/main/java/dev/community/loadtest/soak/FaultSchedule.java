package dev.community.loadtest.soak;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the soak's fault command ({@code sh -c}) when called at its interval; a run still going at the next
 * interval is left alone and the new one skipped (recorded with exit −2), so faults never pile up.
 */
final class FaultSchedule {
    private static final Logger log = LoggerFactory.getLogger(FaultSchedule.class);

    /** One fault: when (seconds into the run), its exit code (−1 unknown yet or not startable, −2 skipped), how long. */
    record FaultRun(double atSeconds, int exit, double seconds) {
    }

    private final String command;
    private final List<FaultRun> runs = new ArrayList<>();
    private Process running;
    private long runningSince;
    private double runningAt;

    FaultSchedule(String command) {
        this.command = command;
    }

    synchronized void fire(double atSeconds) {
        settle();
        if (running != null) {
            runs.add(new FaultRun(atSeconds, -2, 0));
            return;
        }
        log.info("soak: running the fault command at {} s", atSeconds);
        try {
            Process started = new ProcessBuilder("sh", "-c", command).inheritIO().start();
            long since = System.nanoTime();
            running = started;
            runningSince = since;
            runningAt = atSeconds;
            // Recorded as it ends, so its duration is the command's own, not the time until the next interval.
            started.onExit().thenAccept(ended -> ended(ended, atSeconds, since));
        } catch (IOException e) {
            log.warn("soak: the fault command could not be started: {}", e.getMessage());
            runs.add(new FaultRun(atSeconds, -1, 0));
        }
    }

    private synchronized void ended(Process process, double atSeconds, long since) {
        if (running == process) {
            runs.add(new FaultRun(atSeconds, process.exitValue(), Math.round((System.nanoTime() - since) / 1e6) / 1000.0));
            running = null;
        }
    }

    /** Records the running command if it has ended (its exit callback may not have run yet). */
    private void settle() {
        if (running != null && !running.isAlive()) {
            ended(running, runningAt, runningSince);
        }
    }

    /** The faults that have ended or were skipped so far, in the order they were recorded. */
    synchronized List<FaultRun> recorded() {
        return List.copyOf(runs);
    }

    /** Every fault so far; a command still running gets a second to finish, then counts with exit −1. */
    synchronized List<FaultRun> finish() throws InterruptedException {
        if (running != null && !running.waitFor(1, TimeUnit.SECONDS)) {
            runs.add(new FaultRun(runningAt, -1, Math.round((System.nanoTime() - runningSince) / 1e6) / 1000.0));
            running = null;
        }
        settle();
        runs.sort(java.util.Comparator.comparingDouble(FaultRun::atSeconds));
        return List.copyOf(runs);
    }
}
