package dev.community.loadtest.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a local JVM after a full collection, read with {@code jcmd PID GC.run} then
 * {@code jcmd PID GC.heap_info}. A sampled {@code jvm_memory_used_bytes} mixes live objects with garbage not yet
 * collected; for bytes per idle connection only the live heap is an honest figure.
 */
public final class HeapAfterGc {
    private static final Pattern USED = Pattern.compile("\\btotal\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final long TIMEOUT_SECONDS = 30;

    private final long pid;
    private final String jcmd;

    public HeapAfterGc(long pid) {
        this(pid, jcmdPath());
    }

    HeapAfterGc(long pid, String jcmd) {
        this.pid = pid;
        this.jcmd = jcmd;
    }

    /** Collects, then reads the heap in use; empty when jcmd is missing or the process cannot be attached. */
    public OptionalLong measure() {
        // Twice: objects with finalizers or reference-queue cleanups survive the first collection.
        if (run("GC.run") == null || run("GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = run("GC.heap_info");
        return info == null ? OptionalLong.empty() : parseUsed(info);
    }

    /** The heap in use from GC.heap_info's first "total ...K, used ...K" line (the whole heap for G1 and the others). */
    static OptionalLong parseUsed(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    }

    private String run(String command) {
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String jcmdPath() {
        String home = System.getProperty("java.home");
        java.nio.file.Path candidate = java.nio.file.Path.of(home, "bin", "jcmd");
        return java.nio.file.Files.isExecutable(candidate) ? candidate.toString() : "jcmd";
    }
}
