package dev.community.loadtest.report;

import dev.community.loadtest.abuse.AbuseReport;
import dev.community.loadtest.audit.AuditResult;
import dev.community.loadtest.measure.LatencySummary;
import dev.community.loadtest.measure.SeriesPoint;
import dev.community.loadtest.soak.SoakReport;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured and what the audit found: the content of the JSON result and the HTML report.
 * Rates are per second over the send phase; {@code peak*} are the best one-second intervals. {@code abuse} is what
 * the hostile clients of the abuse scenario met, {@code restart} what a restart-storm's restart did, {@code soak}
 * the soak's resource trends, faults and REST mix; each null for every other scenario. {@code warmup} is the
 * first part of the send phase when the run had one ({@code --warmup}; null otherwise): its messages' latencies are
 * kept there and left out of {@code latency}, its sends out of {@code rates}; every message is audited either way.
 */
public record RunResult(
        String scenario,
        String startedAt,
        String target,
        Map<String, Object> parameters,
        Harness harness,
        Phases phases,
        Counts counts,
        Rates rates,
        Latencies latency,
        Warmup warmup,
        Map<String, Long> errors,
        Server server,
        AuditResult audit,
        List<SeriesPoint> series,
        AbuseReport abuse,
        RestartResult restart,
        SoakReport soak) {

    /** True when the audit passed and every planned client connected: a run that connected nobody proves nothing. */
    public boolean passed() {
        return audit.passed() && complete();
    }

    /** True when every planned client reached its first room_state. */
    public boolean complete() {
        return counts.connected() == counts.clients();
    }

    /** How the harness ran; {@code sends} is "spread" or "aligned" (paced senders' schedules, ClientSettings). */
    public record Harness(String transport, int eventLoops, List<String> sourceAddresses, String javaVersion,
                          int cores, String sends) {
    }

    /** Phase lengths in seconds. */
    public record Phases(double connect, double send, double drain, double total) {
    }

    /**
     * @param clients      clients planned
     * @param connected    clients that reached their first room_state
     * @param peakOpen     most connections open at once (sampled)
     * @param reconnects   resumes that reached room_state again
     */
    public record Counts(long clients, long connected, long peakOpen, long reconnects, long sent, long acked,
                         long delivered, long pongs) {
    }

    /**
     * @param connectsPerSecond clients that reached room_state per second of the connect phase
     */
    public record Rates(double sentPerSecond, double ackedPerSecond, double deliveredPerSecond,
                        double peakAckedPerSecond, double peakDeliveredPerSecond, double connectsPerSecond) {
    }

    /** send→ack, send→delivered and connect→room_state, in milliseconds. */
    public record Latencies(LatencySummary sendToAck, LatencySummary sendToDelivered, LatencySummary connectToRoomState) {
    }

    /** The warm-up: its length in seconds, the messages sent during it, and their send→ack and send→delivered. */
    public record Warmup(double seconds, long sent, LatencySummary sendToAck, LatencySummary sendToDelivered) {
    }

    /**
     * The server's side, where the run could read it (NaN / -1 otherwise).
     *
     * @param cpuPercentMean   mean CPU over the send phase's samples, as a share of the machine
     * @param cpuPercentMax    highest sampled CPU
     * @param heapBytesMax     highest sampled heap in use
     * @param rssBytesMax      highest sampled resident memory
     * @param idleHeapBefore   heap before connecting (after a full GC when the server's pid was given)
     * @param idleHeapAfter    heap with every connection open
     * @param heapBytesPerConnection (after − before) / connections held
     * @param heapMethod       how the idle heap was read: "after-full-gc", "sampled" or "none"
     */
    public record Server(double cpuPercentMean, double cpuPercentMax, long heapBytesMax, long rssBytesMax,
                         long idleHeapBefore, long idleHeapAfter, double heapBytesPerConnection, String heapMethod) {
    }
}
