package dev.community.loadtest.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AbusePlanTest {
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void dealsKindsRoundRobinAndEachKindOverTheRooms() {
        AbusePlan plan = new AbusePlan(6, List.of(AbuseKind.CHURN, AbuseKind.REST_FLOOD), List.of(A, B), 100, "x-");
        assertThat(List.of(plan.kindOf(0), plan.kindOf(1), plan.kindOf(2), plan.kindOf(3)))
                .containsExactly(AbuseKind.CHURN, AbuseKind.REST_FLOOD, AbuseKind.CHURN, AbuseKind.REST_FLOOD);
        // The first churner and the first REST flooder in room A, the second of each in room B, then A again.
        assertThat(List.of(plan.roomOf(0), plan.roomOf(1), plan.roomOf(2), plan.roomOf(3), plan.roomOf(4)))
                .containsExactly(A, A, B, B, A);
        assertThat(plan.userOf(5)).isEqualTo("x-5");
    }

    @Test
    void refusesUnboundedOrEmptyPlans() {
        assertThatThrownBy(() -> new AbusePlan(AbusePlan.MAX_ABUSERS + 1, List.of(AbuseKind.CHURN), List.of(A), 1, "x-"))
                .hasMessage("--abusers must be 0..2000");
        assertThatThrownBy(() -> new AbusePlan(1, List.of(), List.of(A), 1, "x-"))
                .hasMessage("--abuse-kinds needs at least one kind");
        assertThatThrownBy(() -> new AbusePlan(1, List.of(AbuseKind.CHURN), List.of(A), 0, "x-"))
                .hasMessage("--abuse-rate must be above 0 and at most 5000");
        assertThatThrownBy(() -> new AbusePlan(1, List.of(AbuseKind.CHURN), List.of(), 1, "x-"))
                .hasMessage("abusers need at least one room");
        assertThat(new AbusePlan(0, List.of(AbuseKind.CHURN), List.of(), 1, "x-").abusers()).isZero();
    }

    @Test
    void kindsReadAsTheyAreWritten() {
        for (AbuseKind kind : AbuseKind.values()) {
            assertThat(AbuseKind.parse(kind.label())).isEqualTo(kind);
        }
        assertThat(AbuseKind.STOP_READING.label()).isEqualTo("stop-reading");
        assertThatThrownBy(() -> AbuseKind.parse("shouting"))
                .hasMessage("unknown abuse kind 'shouting'; one of [stop-reading, request-flood, typing-flood, churn, rest-flood]");
    }
}
