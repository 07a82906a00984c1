package dev.community.loadtest;

import dev.community.loadtest.client.AccessTokens;
import dev.community.loadtest.client.ClientSettings;
import dev.community.loadtest.client.LoopbackTarget;
import dev.community.loadtest.client.ReconnectPolicy;
import dev.community.loadtest.measure.HeapAfterGc;
import dev.community.loadtest.measure.MetricsProbe;
import dev.community.loadtest.measure.ProcProbe;
import dev.community.loadtest.measure.ServerProbe;
import dev.community.loadtest.report.HtmlReport;
import dev.community.loadtest.report.JsonReport;
import dev.community.loadtest.report.RunResult;
import dev.community.loadtest.report.SummaryTable;
import dev.community.loadtest.scenario.HarnessOptions;
import dev.community.loadtest.scenario.LoadRun;
import dev.community.loadtest.scenario.RunPlan;
import dev.community.loadtest.scenario.ScenarioPlans;
import dev.community.protocol.JsonCodec;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every scenario command does around its plan: check the options, build the client settings and probes,
 * run, print the summary table, write the JSON result and the HTML report. Exit codes: 0 the audit passed,
 * 1 it failed (lost, doubled, reordered or unanswered messages), 2 bad options, 3 not every client connected,
 * 4 (abuse) an abuser was neither throttled nor closed.
 */
abstract class ScenarioCommand implements Callable<Integer> {
    static final int AUDIT_FAILED = 1;
    static final int USAGE = 2;
    static final int INCOMPLETE = 3;
    static final int ABUSER_NOT_HELD = 4;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** The scenario's plan within the common bounds. */
    abstract RunPlan plan(ScenarioPlans.Bounds bounds);

    /** Whether clients resume with since_seq after a drop. */
    boolean reconnect() {
        return false;
    }

    /** When a dropped client tries again (only read when {@link #reconnect()}). */
    ReconnectPolicy reconnectPolicy() {
        return ReconnectPolicy.fixed(0);
    }

    /** The run's last result, for callers that embed the harness (tests). */
    RunResult lastResult;
    /** Where the last result was written. */
    Path lastJson;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunPlan plan;
        ClientSettings settings;
        HarnessOptions harness;
        try {
            common.validate();
            LoopbackTarget target = common.target();
            ScenarioPlans.Bounds bounds = new ScenarioPlans.Bounds(seconds(common.durationSeconds), common.maxMessages,
                    seconds(common.connectDeadlineSeconds), seconds(common.drainSeconds));
            plan = plan(bounds);
            long lifetime = (long) (common.connectDeadlineSeconds + common.warmupSeconds + common.durationSeconds
                    + common.drainSeconds) + 3600;
            String runId = Long.toString(System.currentTimeMillis(), 36);
            settings = new ClientSettings(target, new AccessTokens(common.secret(), Duration.ofSeconds(lifetime),
                    Clock.systemUTC()), new JsonCodec(), runId, common.payloadChars,
                    Math.round(common.heartbeatSeconds * 1000), Math.round(common.connectTimeoutSeconds * 1000),
                    reconnect(), reconnectPolicy(), common.maxOutstanding, common.clientTls(), common.compression,
                    common.targets(), common.alignedSends);
            harness = harness(err);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return USAGE;
        }
        RunResult result = new LoadRun(plan, settings, harness).execute();
        lastResult = result;
        for (String line : SummaryTable.lines(result)) {
            out.println(line);
        }
        Files.createDirectories(common.reportDir);
        String stem = result.scenario() + "-" + FILE_TIME.format(java.time.Instant.parse(result.startedAt()));
        Path json = common.reportDir.resolve(stem + ".json");
        Path html = common.reportDir.resolve(stem + ".html");
        JsonReport.write(result, json);
        HtmlReport.write(result, html);
        lastJson = json;
        out.println("result " + json.toAbsolutePath());
        out.println("report " + html.toAbsolutePath());
        out.flush();
        if (!result.audit().passed()) {
            return AUDIT_FAILED;
        }
        if (!result.complete()) {
            return INCOMPLETE;
        }
        return result.abuse() == null || result.abuse().allHeld() ? 0 : ABUSER_NOT_HELD;
    }

    private HarnessOptions harness(PrintWriter err) {
        ServerProbe probe = ServerProbe.NONE;
        if (common.serverPid != null) {
            probe = new ProcProbe(common.serverPid);
        }
        Supplier<OptionalLong> idleHeap = OptionalLong::empty;
        String method = "none";
        if (common.metricsUrl != null) {
            MetricsProbe metrics = new MetricsProbe(URI.create(common.metricsUrl));
            probe = metrics.orElse(probe);
            idleHeap = () -> {
                long heap = metrics.sample().heapBytes();
                return heap >= 0 ? OptionalLong.of(heap) : OptionalLong.empty();
            };
            method = "sampled";
        }
        if (common.serverPid != null) {
            HeapAfterGc gc = new HeapAfterGc(common.serverPid);
            idleHeap = gc::measure;
            method = "after-full-gc";
        }
        var progress = common.quiet ? (java.util.function.Consumer<String>) line -> { } : (java.util.function.Consumer<String>) line -> {
            err.println(line);
            err.flush();
        };
        return new HarnessOptions(common.eventLoops, common.sources(), common.connectConcurrency, probe, idleHeap,
                method, progress, common.sampleMillis, common.metricsUrl == null ? null : URI.create(common.metricsUrl),
                seconds(common.warmupSeconds));
    }

    static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
