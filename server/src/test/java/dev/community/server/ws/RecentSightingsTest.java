package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.auth.Principal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentSightingsTest {
    final RecentSightings sightings = new RecentSightings();
    final Principal alice = new Principal("alice", "Alice", null, 1, false, Instant.MAX);

    @Test
    void anUnchangedUserIsWrittenOncePerFreshnessWindow() {
        assertThat(sightings.needsWrite(alice, 0)).isTrue();
        sightings.written(alice, 0);
        assertThat(sightings.needsWrite(alice, RecentSightings.FRESH_NANOS - 1)).isFalse();
        assertThat(sightings.needsWrite(alice, RecentSightings.FRESH_NANOS + 1)).isTrue();
    }

    @Test
    void changedClaimsAreWrittenAtOnce() {
        sightings.written(alice, 0);
        assertThat(sightings.needsWrite(new Principal("alice", "Alice B", null, 1, false, Instant.MAX), 1)).isTrue();
        assertThat(sightings.needsWrite(new Principal("alice", "Alice", null, 2, false, Instant.MAX), 1)).isTrue();
        assertThat(sightings.needsWrite(new Principal("alice", "Alice", null, 1, true, Instant.MAX), 1)).isTrue();
        assertThat(sightings.needsWrite(new Principal("alice", "Alice", Instant.EPOCH, 1, false, Instant.MAX), 1)).isTrue();
        assertThat(sightings.needsWrite(new Principal("bob", "Alice", null, 1, false, Instant.MAX), 1)).isTrue();
    }
}
