package dev.community.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementsTest {

    @Test
    void withoutAWarmUpEveryLatencyIsMeasured() {
        Measurements m = new Measurements();
        m.sent(1_000_000);
        m.acked(1_000_000, 3_000_000);
        m.delivered(1_000_000, 5_000_000);
        m.delivered(-1, 5_000_000); // no send time: counted, not timed

        assertThat(m.warmupSentCount()).isZero();
        assertThat(m.ackedCount()).isEqualTo(1);
        assertThat(m.deliveredCount()).isEqualTo(2);
        assertThat(m.ackInterval(null).getTotalCount()).isEqualTo(1);
        var delivery = m.deliveryInterval(null);
        assertThat(delivery.getTotalCount()).isEqualTo(1);
        assertThat(delivery.getCountAtValue(4_000)).isEqualTo(1); // microseconds
        assertThat(m.warmupAckInterval(null).getTotalCount()).isZero();
        assertThat(m.warmupDeliveryInterval(null).getTotalCount()).isZero();
    }

    @Test
    void messagesSentBeforeTheMeasuredPhaseCountAsWarmUpWheneverTheyArrive() {
        Measurements m = new Measurements();
        m.measureFrom(10_000_000);
        m.sent(9_999_999);
        m.sent(10_000_000);
        m.sent(10_500_000);
        // sent 1 ns before the boundary, answered well after it: the warm-up's
        m.acked(9_999_999, 20_000_000);
        m.delivered(9_999_999, 20_000_000);
        // sent at the boundary: measured
        m.acked(10_000_000, 12_000_000);
        m.delivered(10_000_000, 11_000_000);
        m.delivered(10_500_000, 11_000_000);

        assertThat(m.sentCount()).isEqualTo(3);
        assertThat(m.warmupSentCount()).isEqualTo(1);
        assertThat(m.ackedCount()).isEqualTo(2);
        assertThat(m.deliveredCount()).isEqualTo(3);
        assertThat(m.warmupAckInterval(null).getTotalCount()).isEqualTo(1);
        var warmupDelivery = m.warmupDeliveryInterval(null);
        assertThat(warmupDelivery.getTotalCount()).isEqualTo(1);
        assertThat(warmupDelivery.getCountAtValue(10_000)).isEqualTo(1);
        assertThat(m.ackInterval(null).getTotalCount()).isEqualTo(1);
        var delivery = m.deliveryInterval(null);
        assertThat(delivery.getTotalCount()).isEqualTo(2);
        assertThat(delivery.getCountAtValue(1_000)).isEqualTo(1);
        assertThat(delivery.getCountAtValue(500)).isEqualTo(1);
    }
}
