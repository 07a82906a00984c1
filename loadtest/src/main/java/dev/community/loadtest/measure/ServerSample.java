package dev.community.loadtest.measure;

/**
 * One reading of the server process. Unknown figures are NaN / -1: a probe reads what its source offers.
 *
 * @param cpuPercent  CPU used since the previous reading, as a share of the whole machine (100 = every core busy)
 * @param heapBytes   JVM heap in use
 * @param rssBytes    resident memory of the process
 * @param connections open WebSocket connections as the server counts them
 */
public record ServerSample(double cpuPercent, long heapBytes, long rssBytes, long connections) {
    public static final ServerSample UNKNOWN = new ServerSample(Double.NaN, -1, -1, -1);

    /** This reading with the gaps filled from {@code other}. */
    public ServerSample orElse(ServerSample other) {
        return new ServerSample(Double.isNaN(cpuPercent) ? other.cpuPercent : cpuPercent,
                heapBytes >= 0 ? heapBytes : other.heapBytes,
                rssBytes >= 0 ? rssBytes : other.rssBytes,
                connections >= 0 ? connections : other.connections);
    }
}
