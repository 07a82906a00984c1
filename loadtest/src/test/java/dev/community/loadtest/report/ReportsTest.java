package dev.community.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.loadtest.audit.AuditResult;
import dev.community.loadtest.measure.LatencySummary;
import dev.community.loadtest.measure.SeriesPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    static RunResult result(AuditResult audit) {
        return new RunResult("fanout", "2026-11-24T10:00:00Z", "127.0.0.1:8080", Map.of("members", 10),
                new RunResult.Harness("epoll", 2, List.of("127.0.0.1"), "17", 2, "spread"),
                new RunResult.Phases(1, 10, 0.5, 12), new RunResult.Counts(10, 10, 10, 0, 100, 100, 1000, 0),
                new RunResult.Rates(10, 10, 100, 12, 120, 10),
                new RunResult.Latencies(new LatencySummary(100, 1, 1, 2, 3, 4, 5), LatencySummary.EMPTY, LatencySummary.EMPTY),
                null,
                Map.of("close:4008", 1L),
                new RunResult.Server(Double.NaN, Double.NaN, -1, -1, -1, -1, Double.NaN, "none"), audit,
                List.of(new SeriesPoint(1, 10, 10, 100, 10, 3, 0, Double.NaN, -1, -1)), null, null, null);
    }

    static AuditResult clean() {
        return new AuditResult(10, 0, 100, 1000, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    @Test
    void htmlIsSelfContainedWithChartJsAndTheData(@TempDir Path dir) throws Exception {
        RunResult result = result(new AuditResult(10, 0, 100, 1000, 1, 0, 0, 0, 0, 0, 0, 0,
                List.of("member u1 </script><b>x</b>: 1 lost")));
        String html = HtmlReport.render(result);
        assertThat(html).contains("new Chart(").contains("Chart.js v").contains("\"scenario\" : \"fanout\"")
                .contains("AUDIT FAILED")
                .doesNotContain("__RESULT_JSON__").doesNotContain("__CHART_JS__")
                .doesNotContain("</script><b>")
                .doesNotContain("src=\"http");
        HtmlReport.write(result, dir.resolve("r.html"));
        assertThat(dir.resolve("r.html")).exists();
    }

    @Test
    void jsonCarriesTheVerdictAndUnknownsAsNaN(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        JsonReport.write(result(clean()), file);
        var json = JsonReport.read(file);
        assertThat(json.path("audit").path("lost").asLong()).isZero();
        assertThat(json.path("latency").path("send_to_ack").path("p99").asDouble()).isEqualTo(3.0);
        assertThat(json.path("server").path("cpu_percent_mean").asText()).isEqualTo("NaN");
        assertThat(json.path("series").get(0).path("delivered_per_second").asDouble()).isEqualTo(100.0);
    }

    @Test
    void summarySaysWhetherTheAuditPassed() {
        assertThat(SummaryTable.lines(result(clean()))).anySatisfy(l -> assertThat(l).startsWith("audit").contains("PASSED"))
                .anySatisfy(l -> assertThat(l).contains("close:4008=1"));
        assertThat(SummaryTable.lines(result(new AuditResult(10, 0, 100, 1000, 0, 0, 2, 0, 0, 0, 0, 0, List.of("dup")))))
                .anySatisfy(l -> assertThat(l).contains("FAILED").contains("duplicated 2"))
                .anySatisfy(l -> assertThat(l).contains("! dup"));
    }
}
