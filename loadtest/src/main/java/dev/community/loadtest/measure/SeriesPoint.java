package dev.community.loadtest.measure;

/**
 * One interval of a run.
 *
 * @param seconds         seconds since the run started, at the end of the interval
 * @param sentPerSecond   sends in the interval, per second
 * @param ackedPerSecond  acknowledgements in the interval, per second
 * @param deliveredPerSecond new_message events received in the interval, per second
 * @param openConnections connections past room_state at the end of the interval
 * @param ackP99Ms        send→ack p99 in the interval (0 without acks)
 * @param deliveryP99Ms   send→delivered p99 in the interval (0 without deliveries)
 * @param serverCpuPercent the server's CPU as a share of the machine, NaN when unknown
 * @param serverHeapBytes the server's heap in use, -1 when unknown
 * @param serverRssBytes  the server's resident memory, -1 when unknown
 */
public record SeriesPoint(double seconds, double sentPerSecond, double ackedPerSecond, double deliveredPerSecond,
                          long openConnections, double ackP99Ms, double deliveryP99Ms, double serverCpuPercent,
                          long serverHeapBytes, long serverRssBytes) {
}
