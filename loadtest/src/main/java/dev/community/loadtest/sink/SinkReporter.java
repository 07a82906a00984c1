package dev.community.loadtest.sink;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints the counters' line at a fixed interval and once more when closed, so a bench script that stops the sink
 * reads its final figures as the last line of the log (and the rate from the difference of two lines). One daemon
 * thread that wakes once per interval: the event loops never print.
 */
public final class SinkReporter implements AutoCloseable {
    private final SinkCounters counters;
    private final PrintWriter out;
    private final ScheduledExecutorService timer;
    private boolean closed;

    private SinkReporter(SinkCounters counters, PrintWriter out) {
        this.counters = counters;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webhook-sink-report");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts printing every {@code every}. */
    public static SinkReporter start(SinkCounters counters, PrintWriter out, Duration every) {
        SinkReporter reporter = new SinkReporter(counters, out);
        long millis = every.toMillis();
        reporter.timer.scheduleAtFixedRate(reporter::periodic, millis, millis, TimeUnit.MILLISECONDS);
        return reporter;
    }

    private synchronized void periodic() {
        if (!closed) {
            print();
        }
    }

    private void print() {
        out.println(counters.line());
        out.flush();
    }

    /** Stops the timer and prints the final line; later calls print nothing. */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            print();
        }
    }
}
