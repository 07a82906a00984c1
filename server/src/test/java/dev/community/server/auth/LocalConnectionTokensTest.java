package dev.community.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LocalConnectionTokensTest {
    static final Principal ALICE = new Principal("alice", "alice", null, 0, false, Instant.MAX);
    final MutableClock clock = new MutableClock();
    final LocalConnectionTokens tokens = new LocalConnectionTokens(clock);

    @Test
    void aTokenWorksOnce() throws Exception {
        String token = tokens.issue(ALICE);
        assertThat(tokens.redeem(token)).isEqualTo(ALICE);
        assertThatThrownBy(() -> tokens.redeem(token)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aTokenExpiresAfter60Seconds() {
        String token = tokens.issue(ALICE);
        clock.now = clock.now.plusSeconds(60);
        assertThatThrownBy(() -> tokens.redeem(token)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void sweepingDropsOnlyExpiredTokens() throws Exception {
        tokens.issue(ALICE);
        clock.now = clock.now.plusSeconds(30);
        String fresh = tokens.issue(ALICE);
        clock.now = clock.now.plusSeconds(31);
        assertThat(tokens.sweepExpired()).isEqualTo(1);
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.redeem(fresh)).isEqualTo(ALICE);
    }

    @Test
    void tokensAreLongAndDistinct() {
        String a = tokens.issue(ALICE);
        String b = tokens.issue(ALICE);
        assertThat(a).isNotEqualTo(b).hasSize(43);
        assertThatThrownBy(() -> tokens.redeem(null)).isInstanceOf(AuthenticationException.class);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
