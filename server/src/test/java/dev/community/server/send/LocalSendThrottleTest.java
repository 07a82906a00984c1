package dev.community.server.send;

import dev.community.server.actions.Refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The single-node throttle: rate limit first, then slow mode, answered at once. */
class LocalSendThrottleTest {
    static final UUID ROOM = UUID.randomUUID();
    final LocalSendThrottle throttle = new LocalSendThrottle(new RateLimiter(2, Duration.ofSeconds(60)), new SlowMode());

    @ParameterizedTest(name = "slow mode {0} s, send #{1} → {2}")
    @CsvSource({
            "0, 1, ok", "0, 2, ok", "0, 3, RATE_LIMITED",
            "10, 1, ok", "10, 2, SLOW_MODE", "10, 3, RATE_LIMITED",
    })
    void rateLimitThenSlowMode(int slowModeSeconds, int sends, String expected) {
        Refusal last = null;
        for (int i = 0; i < sends; i++) {
            var future = throttle.admit("u", ROOM, slowModeSeconds, 1_000L + i);
            assertThat(future).isDone();
            last = future.join();
        }
        if ("ok".equals(expected)) {
            assertThat(last).isNull();
        } else {
            assertThat(last.code()).isEqualTo(ErrorCode.valueOf(expected));
            assertThat(last.retryAfterMillis()).isPositive();
        }
    }
}
