package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    /** A generator that always draws {@code value} (0 ≤ value < 1). */
    static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void pausesDoubleUpToTheLongestAndAreJitteredByHalfEitherWay() {
        ReconnectPolicy policy = new ReconnectPolicy(250, 4000, 40);
        RandomGenerator middle = always(0.5);
        assertThat(new long[] {policy.delayMillis(0, middle), policy.delayMillis(1, middle), policy.delayMillis(2, middle),
                policy.delayMillis(3, middle), policy.delayMillis(4, middle), policy.delayMillis(30, middle)})
                .containsExactly(250, 500, 1000, 2000, 4000, 4000);
        assertThat(policy.delayMillis(2, always(0))).isEqualTo(500);
        assertThat(policy.delayMillis(2, always(0.999))).isEqualTo(1499);
    }

    @Test
    void theFixedPolicyKeepsItsPauseAndGivesUpAfterFive() {
        ReconnectPolicy fixed = ReconnectPolicy.fixed(200);
        assertThat(fixed.delayMillis(0, always(0.5))).isEqualTo(200);
        assertThat(fixed.delayMillis(4, always(0.5))).isEqualTo(200);
        assertThat(fixed.maxFailures()).isEqualTo(5);
    }

    @Test
    void refusesPoliciesThatCannotWork() {
        assertThatThrownBy(() -> new ReconnectPolicy(500, 100, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReconnectPolicy(100, 500, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
