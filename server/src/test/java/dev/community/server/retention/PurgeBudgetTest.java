package dev.community.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PurgeBudgetTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Long> parks = new ArrayList<>();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    /** Waiting is a jump of the test's clock, recorded: no test time passes. */
    private final BlockingStrategy parking = wait -> {
        parks.add(wait);
        nanos.addAndGet(wait);
    };
    private final Counter paced = Counter.builder(RetentionMeters.PACED).register(new SimpleMeterRegistry());

    @Test
    void oneSecondOfBudgetGoesAtOnceThenEachBatchWaitsForItsShare() throws InterruptedException {
        PurgeBudget budget = PurgeBudget.of(1_000, 500, paced, clock, parking);
        budget.spend(500);
        budget.spend(500);
        assertThat(parks).isEmpty();
        budget.spend(500);
        budget.spend(250);
        assertThat(parks).containsExactly(500_000_000L, 250_000_000L);
        assertThat(paced.count()).isEqualTo(0.75);
    }

    @Test
    void timeSpentDeletingCountsTowardsTheBudget() throws InterruptedException {
        PurgeBudget budget = PurgeBudget.of(1_000, 500, paced, clock, parking);
        budget.spend(1_000);
        nanos.addAndGet(300_000_000L); // the batch itself took 300 ms: 300 rows of budget came back meanwhile
        budget.spend(500);
        assertThat(parks).containsExactly(200_000_000L);
    }

    @Test
    void aBatchLargerThanOneSecondOfBudgetFitsTheBucket() throws InterruptedException {
        PurgeBudget budget = PurgeBudget.of(100, 500, paced, clock, parking);
        budget.spend(500);
        budget.spend(500);
        assertThat(parks).containsExactly(5_000_000_000L);
    }

    @Test
    void unlimitedAndEmptyBatchesNeverWait() throws InterruptedException {
        PurgeBudget unlimited = PurgeBudget.of(0, 500, paced);
        for (int i = 0; i < 100; i++) {
            unlimited.spend(500);
        }
        PurgeBudget budget = PurgeBudget.of(1_000, 500, paced, clock, parking);
        budget.spend(1_000);
        budget.spend(0);
        assertThat(parks).isEmpty();
        assertThat(paced.count()).isZero();
    }

    @Test
    void aBudgetNeedsRows() {
        assertThatThrownBy(() -> PurgeBudget.of(0, 500, paced, clock, parking))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
