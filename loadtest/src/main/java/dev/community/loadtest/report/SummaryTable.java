package dev.community.loadtest.report;

import dev.community.loadtest.abuse.AbuseReport;
import dev.community.loadtest.audit.AuditResult;
import dev.community.loadtest.measure.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table printed at the end of a run. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static List<String> lines(RunResult r) {
        List<String> out = new ArrayList<>();
        out.add("== " + r.scenario() + " against " + r.target() + " (" + r.harness().transport() + ", "
                + r.harness().eventLoops() + " loops, " + r.harness().sends() + " sends) ==");
        out.add(String.format(Locale.ROOT, "phases (s)      connect %.2f  send %.2f  drain %.2f  total %.2f",
                r.phases().connect(), r.phases().send(), r.phases().drain(), r.phases().total()));
        RunResult.Counts c = r.counts();
        out.add(String.format(Locale.ROOT, "clients         %d planned, %d connected, %d peak open, %d reconnects",
                c.clients(), c.connected(), c.peakOpen(), c.reconnects()));
        out.add(String.format(Locale.ROOT, "messages        %d sent, %d acked, %d delivered", c.sent(), c.acked(), c.delivered()));
        RunResult.Rates rate = r.rates();
        out.add(String.format(Locale.ROOT, "rates (/s)      sent %.0f  acked %.0f (peak %.0f)  delivered %.0f (peak %.0f)  connects %.0f",
                rate.sentPerSecond(), rate.ackedPerSecond(), rate.peakAckedPerSecond(), rate.deliveredPerSecond(),
                rate.peakDeliveredPerSecond(), rate.connectsPerSecond()));
        out.add(String.format(Locale.ROOT, "%-15s %9s %9s %9s %9s %9s %9s %10s", "latency (ms)", "p50", "p90", "p99",
                "p99.9", "max", "mean", "count"));
        out.add(latency("send->ack", r.latency().sendToAck()));
        out.add(latency("send->delivered", r.latency().sendToDelivered()));
        out.add(latency("connect->state", r.latency().connectToRoomState()));
        if (r.warmup() != null) {
            out.add(latency("warm-up ack", r.warmup().sendToAck()));
            out.add(latency("warm-up deliv", r.warmup().sendToDelivered()));
            out.add(String.format(Locale.ROOT, "warm-up         the first %.2f s of sending (%d messages), left out of"
                    + " the rates and latencies above", r.warmup().seconds(), r.warmup().sent()));
        }
        RunResult.Server s = r.server();
        if (!Double.isNaN(s.cpuPercentMean()) || s.heapBytesMax() >= 0 || s.rssBytesMax() >= 0) {
            out.add(String.format(Locale.ROOT, "server          cpu mean %s max %s  heap max %s  rss max %s",
                    percent(s.cpuPercentMean()), percent(s.cpuPercentMax()), mib(s.heapBytesMax()), mib(s.rssBytesMax())));
        }
        if (!"none".equals(s.heapMethod())) {
            out.add(String.format(Locale.ROOT, "idle heap       before %s  after %s  per connection %s (%s)",
                    mib(s.idleHeapBefore()), mib(s.idleHeapAfter()),
                    Double.isNaN(s.heapBytesPerConnection()) ? "n/a" : String.format(Locale.ROOT, "%.0f B", s.heapBytesPerConnection()),
                    s.heapMethod()));
        }
        if (r.errors().isEmpty()) {
            out.add("errors          none");
        } else {
            StringBuilder errors = new StringBuilder("errors         ");
            for (Map.Entry<String, Long> e : r.errors().entrySet()) {
                errors.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            out.add(errors.toString());
        }
        if (r.restart() != null) {
            RestartResult restart = r.restart();
            out.add(String.format(Locale.ROOT, "restart         command exit %d after %.2f s; %d of %d live clients back;"
                            + " back after p50 %.2f s, p99 %.2f s, last %.2f s", restart.commandExitCode(),
                    restart.commandSeconds(), restart.clientsBack(), restart.clientsLive(), restart.secondsToHalfBack(),
                    restart.secondsToP99Back(), restart.secondsToLastBack()));
        }
        if (r.abuse() != null) {
            out.addAll(abuse(r.abuse()));
        }
        AuditResult a = r.audit();
        out.add(String.format(Locale.ROOT, "audit           %s: %d members audited, %d expected deliveries, lost %d, undelivered %d, duplicated %d,"
                        + " reordered %d, early %d, seq collisions %d, unanswered %d, replays %d, never synced %d",
                a.passed() ? "PASSED" : "FAILED", a.membersAudited(), a.expectedDeliveries(), a.lost(), a.undelivered(), a.duplicates(),
                a.reordered(), a.unsynced(), a.seqCollisions(), a.unanswered(), a.replays(), a.membersNotSynced()));
        for (String example : a.examples()) {
            out.add("  ! " + example);
        }
        return out;
    }

    private static List<String> abuse(AbuseReport abuse) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "abusers         %d at %.0f/s each: %s; typing events per honest member %.2f/s"
                        + " (allowed %.2f/s)", abuse.abusers(), abuse.ratePerSecond(),
                abuse.allHeld() ? "every one held" : "SOME NOT HELD", abuse.typingEventsPerMemberSecond(),
                abuse.typingAllowancePerMemberSecond()));
        for (AbuseReport.KindSummary k : abuse.kinds()) {
            out.add(String.format(Locale.ROOT, "  %-13s %3d abusers, %d held; sent %d, connects %d, throttled %d, closed by server %s",
                    k.kind(), k.abusers(), k.held(), k.sent(), k.connects(), k.throttled(),
                    k.closes().isEmpty() ? "never" : k.closes()));
        }
        if (!abuse.serverCloses().isEmpty() || !abuse.serverRefusals().isEmpty()) {
            out.add("  server counted closes by code " + abuse.serverCloses() + ", budget refusals " + abuse.serverRefusals());
        }
        return out;
    }

    private static String latency(String name, LatencySummary l) {
        return String.format(Locale.ROOT, "%-15s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %10d", name, l.p50(), l.p90(),
                l.p99(), l.p999(), l.max(), l.mean(), l.count());
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", value);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
