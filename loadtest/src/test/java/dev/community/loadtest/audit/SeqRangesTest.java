package dev.community.loadtest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeqRangesTest {

    @Test
    void inOrderSeqsStayOneRange() {
        SeqRanges ranges = new SeqRanges();
        for (long seq = 5; seq <= 10_000; seq++) {
            assertThat(ranges.add(seq)).isTrue();
        }
        assertThat(ranges.rangeCount()).isEqualTo(1);
        assertThat(ranges.count()).isEqualTo(9_996);
        assertThat(ranges.contains(4)).isFalse();
        assertThat(ranges.contains(5)).isTrue();
        assertThat(ranges.contains(10_000)).isTrue();
        assertThat(ranges.contains(10_001)).isFalse();
    }

    static Stream<Arguments> insertions() {
        return Stream.of(
                Arguments.of("gap then fill joins both sides", new long[]{1, 2, 4, 5, 3}, 1),
                Arguments.of("fill from the left edge", new long[]{5, 6, 4, 3}, 1),
                Arguments.of("isolated values", new long[]{10, 1, 5}, 3),
                Arguments.of("fill leaving a hole", new long[]{1, 10, 5}, 3),
                Arguments.of("reverse order", new long[]{9, 8, 7, 6, 5, 4, 3, 2, 1}, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("insertions")
    void keepsRangesSortedAndMerged(String why, long[] seqs, int expectedRanges) {
        SeqRanges ranges = new SeqRanges();
        for (long seq : seqs) {
            assertThat(ranges.add(seq)).isTrue();
        }
        assertThat(ranges.rangeCount()).isEqualTo(expectedRanges);
        assertThat(ranges.count()).isEqualTo(seqs.length);
        for (long seq : seqs) {
            assertThat(ranges.contains(seq)).isTrue();
            assertThat(ranges.add(seq)).as("second add of %d", seq).isFalse();
        }
    }

    @Test
    void countsAcknowledgedSeqsInsideTheWindow() {
        SeqRanges ranges = new SeqRanges();
        for (long seq : new long[]{1, 2, 3, 6, 7, 9}) {
            ranges.add(seq);
        }
        long[] acked = {2, 3, 4, 6, 9, 12};
        assertThat(ranges.countOf(acked, 0, 100)).isEqualTo(4); // 2, 3, 6, 9
        assertThat(ranges.countOf(acked, 2, 100)).isEqualTo(3); // after 2: 3, 6, 9
        assertThat(ranges.countOf(acked, 0, 6)).isEqualTo(3);   // up to 6: 2, 3, 6
        assertThat(SeqRanges.countBetween(acked, 3, 9)).isEqualTo(4);
        assertThat(SeqRanges.countBetween(acked, 10, 9)).isZero();
    }
}
