package dev.community.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerRestartTest {
    @Test
    void percentilesAreNearestRankInSeconds() {
        long[] backAfter = {100_000_000L, 200_000_000L, 300_000_000L, 400_000_000L};
        assertThat(ServerRestart.percentile(backAfter, 0.5)).isEqualTo(0.2);
        assertThat(ServerRestart.percentile(backAfter, 0.99)).isEqualTo(0.4);
        assertThat(ServerRestart.percentile(backAfter, 1.0)).isEqualTo(0.4);
        assertThat(ServerRestart.percentile(new long[] {1_500_000_000L}, 0.5)).isEqualTo(1.5);
        assertThat(ServerRestart.percentile(new long[0], 0.5)).isNaN();
    }
}
