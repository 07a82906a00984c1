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
            running = new ProcessBuilder("sh", "-c", command).inheritIO().start();
            runningSince = System.nanoTime();
            runningAt = atSeconds;
        } catch (IOException e) {
            log.warn("soak: the fault command could not be started: {}", e.getMessage());
            runs.add(new FaultRun(atSeconds, -1, 0));
        }
    }

    /** Records the running command if it has ended. */
    private void settle() {
        if (running != null && !running.isAlive()) {
            runs.add(new FaultRun(runningAt, running.exitValue(), Math.round((System.nanoTime() - runningSince) / 1e6) / 1000.0));
            running = null;
        }
    }

    /** Every fault so far; a command still running gets a second to finish, then counts with exit −1. */
    synchronized List<FaultRun> finish() throws InterruptedException {
        if (running != null && !running.waitFor(1, TimeUnit.SECONDS)) {
            runs.add(new FaultRun(runningAt, -1, Math.round((System.nanoTime() - runningSince) / 1e6) / 1000.0));
            running = null;
        }
        settle();
        return List.copyOf(runs);
    }
}
