package dev.community.loadtest.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a local process's CPU time and resident memory from Linux's {@code /proc/PID}: the server runs on this
 * machine (load is loopback only), so its CPU can be measured even without an admin port.
 */
public final class ProcProbe implements ServerProbe {
    /** USER_HZ: Linux reports process times in hundredths of a second on every mainstream architecture. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    private final Path proc;
    private final int cores;
    private long lastTicks = -1;
    private long lastNanos;

    public ProcProbe(long pid) {
        this(Path.of("/proc", Long.toString(pid)), Runtime.getRuntime().availableProcessors());
    }

    ProcProbe(Path proc, int cores) {
        this.proc = proc;
        this.cores = cores;
    }

    @Override
    public synchronized ServerSample sample() {
        long now = System.nanoTime();
        long ticks = cpuTicks();
        double cpu = Double.NaN;
        if (ticks >= 0 && lastTicks >= 0 && now > lastNanos) {
            double busySeconds = (ticks - lastTicks) / (double) CLOCK_TICKS_PER_SECOND;
            double wallSeconds = (now - lastNanos) / 1e9;
            cpu = Math.round(busySeconds / wallSeconds / cores * 1000) / 10.0;
        }
        if (ticks >= 0) {
            lastTicks = ticks;
            lastNanos = now;
        }
        return new ServerSample(cpu, -1, rssBytes(), -1);
    }

    /** utime + stime from /proc/PID/stat, or -1 when the process is gone. */
    long cpuTicks() {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // The command name (field 2) is in parentheses and may contain spaces: count fields after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS from /proc/PID/status, or -1. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
