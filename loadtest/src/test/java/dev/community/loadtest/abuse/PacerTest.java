package dev.community.loadtest.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void owesOneAtOnceThenItsRate() {
        Pacer pacer = new Pacer(10, 0);
        assertThat(pacer.due(0)).isEqualTo(1);
        pacer.took();
        assertThat(pacer.due(0)).isZero();
        assertThat(pacer.due(SECOND / 2)).isEqualTo(5);
    }

    @Test
    void aStalledAbuserCatchesUpAtMostOneSecond() {
        Pacer pacer = new Pacer(10, 0);
        assertThat(pacer.due(60 * SECOND)).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            pacer.took();
        }
        assertThat(pacer.due(60 * SECOND)).isZero();
        assertThat(pacer.due(60 * SECOND + SECOND / 10)).isEqualTo(1);
    }
}
