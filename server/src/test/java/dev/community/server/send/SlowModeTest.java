package dev.community.server.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlowModeTest {
    private final SlowMode slowMode = new SlowMode();
    private final UUID room = UUID.randomUUID();

    @Test
    void oneMessagePerIntervalPerUserAndRoom() {
        assertThat(slowMode.tryPost(room, "u", 10, 0)).isZero();
        assertThat(slowMode.tryPost(room, "u", 10, 4_000)).isEqualTo(6_000);
        assertThat(slowMode.tryPost(room, "v", 10, 4_000)).isZero();
        assertThat(slowMode.tryPost(UUID.randomUUID(), "u", 10, 4_000)).isZero();
        assertThat(slowMode.tryPost(room, "u", 10, 10_000)).isZero();
    }

    @Test
    void offWhenTheIntervalIsZero() {
        for (int i = 0; i < 5; i++) {
            assertThat(slowMode.tryPost(room, "u", 0, i)).isZero();
        }
    }
}
