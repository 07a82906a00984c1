package dev.community.server.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(60));

    @Test
    void allowsTheLimitThenSaysWhenTheOldestLeavesTheWindow() {
        assertThat(limiter.tryAcquire("u", 1_000)).isZero();
        assertThat(limiter.tryAcquire("u", 2_000)).isZero();
        assertThat(limiter.tryAcquire("u", 3_000)).isZero();
        assertThat(limiter.tryAcquire("u", 4_000)).isEqualTo(57_000);
        assertThat(limiter.tryAcquire("u", 60_999)).isEqualTo(1);
        assertThat(limiter.tryAcquire("u", 61_000)).isZero();
        assertThat(limiter.tryAcquire("u", 61_000)).isEqualTo(1_000);
    }

    @Test
    void refusedAttemptsDoNotUseTheAllowance() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("u", 0);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("u", 30_000)).isPositive();
        }
        assertThat(limiter.tryAcquire("u", 60_000)).isZero();
    }

    @Test
    void usersAreIndependent() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a", 0);
        }
        assertThat(limiter.tryAcquire("a", 1)).isPositive();
        assertThat(limiter.tryAcquire("b", 1)).isZero();
    }

    @Test
    void sweepForgetsOnlyIdleUsers() {
        limiter.tryAcquire("old", 0);
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("busy", 50_000);
        }
        limiter.sweep(70_000);
        assertThat(limiter.tryAcquire("busy", 70_000)).as("still limited after the sweep").isPositive();
    }

    @Test
    void largeLimitsAreEstimatedInConstantMemoryAndStillHold() {
        RateLimiter big = new RateLimiter(1000, Duration.ofSeconds(60));
        int allowed = 0;
        for (int i = 0; i < 1500; i++) {
            if (big.tryAcquire("load", 60_000 + i) == 0) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(1000);
        assertThat(big.tryAcquire("load", 61_600)).isPositive();
        // Half a window later about half of the previous window's messages still count.
        int later = 0;
        for (int i = 0; i < 1000; i++) {
            if (big.tryAcquire("load", 150_000) == 0) {
                later++;
            }
        }
        assertThat(later).isBetween(450, 550);
        assertThat(big.tryAcquire("other", 150_000)).as("users are independent").isZero();
    }
}
