package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdmissionGateTest {
    @Test
    void holdsAtMostItsCapacityAndReopensAsAdmissionsEnd() {
        AdmissionGate gate = new AdmissionGate(2);
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).isFalse();
        assertThat(gate.inFlight()).isEqualTo(2);
        gate.leave();
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).isFalse();
    }

    @Test
    void needsRoomForOne() {
        assertThatThrownBy(() -> new AdmissionGate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
