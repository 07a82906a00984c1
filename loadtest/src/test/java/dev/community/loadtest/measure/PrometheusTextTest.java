package dev.community.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.097152E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
            process_cpu_usage 0.25
            community_ws_connections 1234.0
            weird_label{path="/a,b\\"}",x="y"} 3
            broken_line
            nan_value NaN
            """;

    @Test
    void sumsSeriesByNameAndLabel() {
        PrometheusText text = PrometheusText.parse(SCRAPE);
        assertThat(text.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))).isEqualTo(31_457_280.0);
        assertThat(text.sum("jvm_memory_used_bytes")).isEqualTo(81_457_280.0);
        assertThat(text.sum("weird_label", l -> "/a,b\"}".equals(l.get("path")) && "y".equals(l.get("x")))).isEqualTo(3.0);
        assertThat(text.sum("absent")).isNaN();
        assertThat(text.samples()).noneMatch(s -> s.name().equals("broken_line"));
    }

    @Test
    void readsTheServersFiguresFromMicrometerNames() {
        ServerSample sample = MetricsProbe.read(PrometheusText.parse(SCRAPE));
        assertThat(sample.cpuPercent()).isEqualTo(25.0);
        assertThat(sample.heapBytes()).isEqualTo(31_457_280L);
        assertThat(sample.connections()).isEqualTo(1234L);
        assertThat(sample.rssBytes()).isEqualTo(-1);
    }

    @Test
    void missingFiguresAreUnknownNotZero() {
        ServerSample sample = MetricsProbe.read(PrometheusText.parse("other_metric 1\n"));
        assertThat(sample.cpuPercent()).isNaN();
        assertThat(sample.heapBytes()).isEqualTo(-1);
        assertThat(sample.orElse(new ServerSample(10, 20, 30, 40))).isEqualTo(new ServerSample(10, 20, 30, 40));
    }
}
