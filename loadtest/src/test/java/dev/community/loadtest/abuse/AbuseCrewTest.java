package dev.community.loadtest.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.loadtest.measure.PrometheusText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbuseCrewTest {
    @Test
    void serverCountersAreTheIncreaseByLabel() {
        PrometheusText before = PrometheusText.parse("""
                community_ws_closes_total{code="1008"} 3.0
                community_ws_closes_total{code="1000"} 7.0
                community_budget_rejections_total{budget="rest_requests"} 1.0
                """);
        PrometheusText after = PrometheusText.parse("""
                community_ws_closes_total{code="1008"} 5.0
                community_ws_closes_total{code="1000"} 7.0
                community_ws_closes_total{code="4008",node="a"} 1.0
                community_ws_closes_total{code="4008",node="b"} 1.0
                community_budget_rejections_total{budget="rest_requests"} 11.0
                """);
        assertThat(AbuseCrew.increase(before, after, "community_ws_closes_total", "code"))
                .isEqualTo(Map.of("1008", 2L, "4008", 2L));
        assertThat(AbuseCrew.increase(before, after, "community_budget_rejections_total", "budget"))
                .isEqualTo(Map.of("rest_requests", 10L));
        assertThat(AbuseCrew.increase(null, after, "community_ws_closes_total", "code")).isEmpty();
    }

    @Test
    void typingAllowanceIsTheFirstChangeAndThenOneASecondPerFlooderOfTheBusiestRoom() {
        assertThat(AbuseCrew.typingAllowance(1, 1, 4)).isEqualTo(1.25);
        assertThat(AbuseCrew.typingAllowance(3, 2, 10)).isEqualTo(2 * 1.1);
        assertThat(AbuseCrew.typingAllowance(0, 2, 10)).isZero();
    }

    @Test
    void anAbuserIsHeldWhenThrottledOrClosedAndTypingFloodersByTheHonestSide() {
        AbuserTally throttled = new AbuserTally(AbuseKind.REST_FLOOD);
        throttled.sent();
        throttled.throttled();
        AbuserTally untouched = new AbuserTally(AbuseKind.REST_FLOOD);
        untouched.sent();
        AbuseReport.KindSummary rest = AbuseCrew.summary(AbuseKind.REST_FLOOD, List.of(throttled, untouched), false);
        assertThat(rest).isEqualTo(new AbuseReport.KindSummary("rest-flood", 2, 2, 0, 1, Map.of(), 1));

        AbuserTally closed = new AbuserTally(AbuseKind.STOP_READING);
        closed.connected();
        closed.closedByServer(4008);
        assertThat(AbuseCrew.summary(AbuseKind.STOP_READING, List.of(closed), false))
                .isEqualTo(new AbuseReport.KindSummary("stop-reading", 1, 0, 1, 0, Map.of(4008, 1L), 1));

        AbuserTally typist = new AbuserTally(AbuseKind.TYPING_FLOOD);
        assertThat(AbuseCrew.summary(AbuseKind.TYPING_FLOOD, List.of(typist), true).held()).isEqualTo(1);
        assertThat(AbuseCrew.summary(AbuseKind.TYPING_FLOOD, List.of(typist), false).held()).isZero();
    }
}
