package dev.community.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcProbeTest {

    @Test
    void readsCpuShareFromTicksAndRssFromStatus(@TempDir Path proc) throws Exception {
        // Field 2 has spaces and parentheses, as a thread-named command may.
        Files.writeString(proc.resolve("stat"), stat(100, 50));
        Files.writeString(proc.resolve("status"), "Name:\tjava\nVmRSS:\t  204800 kB\nThreads:\t30\n");
        ProcProbe probe = new ProcProbe(proc, 2);
        assertThat(probe.cpuTicks()).isEqualTo(150);
        assertThat(probe.sample().cpuPercent()).as("no previous reading").isNaN();
        assertThat(probe.rssBytes()).isEqualTo(204_800L * 1024);
        Thread.sleep(100);
        Files.writeString(proc.resolve("stat"), stat(110, 60));
        // 20 ticks = 0.2 s of CPU in >= 0.1 s on 2 cores: at most 100 %, above 0.
        assertThat(probe.sample().cpuPercent()).isGreaterThan(0).isLessThanOrEqualTo(100);
    }

    @Test
    void aVanishedProcessIsUnknown(@TempDir Path proc) {
        ProcProbe probe = new ProcProbe(proc.resolve("gone"), 2);
        ServerSample sample = probe.sample();
        assertThat(sample.cpuPercent()).isNaN();
        assertThat(sample.rssBytes()).isEqualTo(-1);
    }

    @Test
    void readsThisProcess() {
        ProcProbe probe = new ProcProbe(ProcessHandle.current().pid());
        assertThat(probe.cpuTicks()).isPositive();
        assertThat(probe.rssBytes()).isGreaterThan(1 << 20);
    }

    private static String stat(long utime, long stime) {
        StringBuilder s = new StringBuilder("4242 (java (main) x) S");
        // fields 4..13, then utime (14) and stime (15), then the rest
        for (int field = 4; field <= 13; field++) {
            s.append(' ').append(field);
        }
        s.append(' ').append(utime).append(' ').append(stime);
        for (int field = 16; field <= 52; field++) {
            s.append(' ').append(0);
        }
        return s.append('\n').toString();
    }
}
