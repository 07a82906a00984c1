package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendBudgetTest {

    @Test
    void givesNothingBeforeOpenNothingAfterCloseAndNeverMoreThanItsCount() {
        SendBudget budget = new SendBudget(3);
        assertThat(budget.take()).isFalse();
        budget.open();
        assertThat(budget.take()).isTrue();
        assertThat(budget.take()).isTrue();
        assertThat(budget.take()).isTrue();
        assertThat(budget.take()).isFalse();
        assertThat(budget.isOpen()).isFalse();
        assertThat(budget.remaining()).isZero();
        SendBudget closed = new SendBudget(10);
        closed.open();
        closed.close();
        assertThat(closed.take()).isFalse();
    }
}
