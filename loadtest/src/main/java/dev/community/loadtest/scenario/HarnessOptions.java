package dev.community.loadtest.scenario;

import dev.community.loadtest.measure.ServerProbe;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How the harness itself runs, independent of the scenario.
 *
 * @param eventLoops        client event loops, 0 for one per core
 * @param sourceAddresses   loopback addresses to connect from, round robin; empty for the kernel's choice
 * @param connectConcurrency clients allowed between TCP connect and room_state at once
 * @param probe             reads the server's CPU and memory each interval
 * @param idleHeap          reads the server's heap for bytes per idle connection (empty when it cannot)
 * @param idleHeapMethod    how {@code idleHeap} reads: "after-full-gc", "sampled" or "none"
 * @param progress          receives the live progress line
 * @param sampleMillis      sampling interval
 * @param metricsUrl        the server's Prometheus {@code /metrics}, or null
 * @param warmup            how long to send before the measured send phase (zero for none); reported apart
 */
public record HarnessOptions(
        int eventLoops,
        List<InetAddress> sourceAddresses,
        int connectConcurrency,
        ServerProbe probe,
        Supplier<OptionalLong> idleHeap,
        String idleHeapMethod,
        Consumer<String> progress,
        long sampleMillis,
        URI metricsUrl,
        Duration warmup) {
}
