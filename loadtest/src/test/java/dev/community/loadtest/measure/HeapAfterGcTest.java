package dev.community.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HeapAfterGcTest {

    @Test
    void parsesTheWholeHeapLineOfG1AndParallel() {
        assertThat(HeapAfterGc.parseUsed("""
                4242:
                 garbage-first heap   total 262144K, used 21613K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 9630K, committed 9856K, reserved 1114112K
                """)).isEqualTo(OptionalLong.of(21_613L * 1024));
        assertThat(HeapAfterGc.parseUsed("""
                 PSYoungGen      total 76288K, used 2621K [0x...)
                """)).isEqualTo(OptionalLong.of(2_621L * 1024));
        assertThat(HeapAfterGc.parseUsed("Could not attach")).isEmpty();
    }

    @Test
    void measuresALiveJvm() {
        // This test's own JVM, attached from a jcmd child process.
        OptionalLong used = new HeapAfterGc(ProcessHandle.current().pid()).measure();
        assertThat(used).isPresent();
        assertThat(used.getAsLong()).isPositive().isLessThan(Runtime.getRuntime().maxMemory());
    }

    @Test
    void aMissingJcmdIsUnknown() {
        assertThat(new HeapAfterGc(ProcessHandle.current().pid(), "/nonexistent/jcmd").measure()).isEmpty();
    }
}
