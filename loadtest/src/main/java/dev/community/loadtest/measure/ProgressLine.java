package dev.community.loadtest.measure;

import java.util.Locale;

/** The one-line live view of a run, printed once a sampling interval. */
public final class ProgressLine {
    private ProgressLine() {
    }

    public static String format(String phase, SeriesPoint p, long errors) {
        StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT, "[%7.1fs] %-8s conns=%-7d sent/s=%-8.0f acks/s=%-8.0f deliv/s=%-9.0f"
                        + " ack.p99=%.1fms deliv.p99=%.1fms errors=%d",
                p.seconds(), phase, p.openConnections(), p.sentPerSecond(), p.ackedPerSecond(), p.deliveredPerSecond(),
                p.ackP99Ms(), p.deliveryP99Ms(), errors));
        if (!Double.isNaN(p.serverCpuPercent())) {
            line.append(String.format(Locale.ROOT, " server.cpu=%.0f%%", p.serverCpuPercent()));
        }
        if (p.serverHeapBytes() >= 0) {
            line.append(String.format(Locale.ROOT, " server.heap=%dMiB", p.serverHeapBytes() >> 20));
        }
        if (p.serverRssBytes() >= 0) {
            line.append(String.format(Locale.ROOT, " server.rss=%dMiB", p.serverRssBytes() >> 20));
        }
        return line.toString();
    }
}
