package dev.community.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {
    private static List<ResourceSample> heap(long... values) {
        List<ResourceSample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new ResourceSample(60.0 * i, values[i], -1, -1, -1, -1, -1, -1, 0, 0));
        }
        return samples;
    }

    @Test
    void aSteadyRiseIsNotFlatAndItsSlopeIsPerHour() {
        // 1 000 a minute, with a little scatter
        Trend trend = Trend.of("heap", heap(10_000, 11_020, 11_980, 13_010, 14_000, 14_990), ResourceSample::heapAfterGcBytes);
        assertThat(trend.samples()).isEqualTo(6);
        assertThat(trend.slopePerHour()).isBetween(59_000.0, 61_000.0);
        assertThat(trend.flat()).isFalse();
        // The line a chart draws: from the first sample's time to the last's, rising by riseOverRun.
        assertThat(trend.fromSeconds()).isZero();
        assertThat(trend.toSeconds()).isEqualTo(300.0);
        assertThat(trend.lineTo() - trend.lineFrom()).isCloseTo(trend.riseOverRun(), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aSawtoothAroundALevelIsFlat() {
        Trend trend = Trend.of("heap", heap(10_000, 14_000, 9_000, 15_000, 10_000, 13_000, 9_500, 14_500),
                ResourceSample::heapAfterGcBytes);
        assertThat(trend.flat()).isTrue();
        assertThat(trend.mean()).isEqualTo(11_875.0);
    }

    @Test
    void unknownReadingsAreLeftOutAndTooFewSamplesGiveNoVerdict() {
        Trend trend = Trend.of("heap", heap(-1, 5, -1, 9), ResourceSample::heapAfterGcBytes);
        assertThat(trend.samples()).isEqualTo(2);
        assertThat(trend.flat()).isTrue();
        assertThat(Trend.of("heap", heap(-1, -1), ResourceSample::heapAfterGcBytes).samples()).isZero();
    }
}
