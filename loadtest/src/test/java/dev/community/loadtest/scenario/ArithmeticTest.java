package dev.community.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ArithmeticTest {

    @ParameterizedTest
    @CsvSource({"10, 3", "9, 3", "1, 4", "100000, 7", "5, 5"})
    void dealingClientsOverRoomsIsEvenAndCountsAddUp(int clients, int rooms) {
        int[] counted = new int[rooms];
        for (int i = 0; i < clients; i++) {
            counted[Arithmetic.roomOf(i, rooms)]++;
        }
        for (int room = 0; room < rooms; room++) {
            assertThat(counted[room]).isEqualTo(Arithmetic.membersOf(room, clients, rooms));
        }
        int max = IntStream.of(counted).max().orElseThrow();
        int min = IntStream.of(counted).min().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(IntStream.of(counted).sum()).isEqualTo(clients);
    }

    @Test
    void positionsInARoomCountFromZero() {
        assertThat(IntStream.range(0, 9).filter(i -> Arithmetic.roomOf(i, 3) == 1).map(i -> Arithmetic.positionInRoom(i, 3)))
                .containsExactly(0, 1, 2);
    }

    @ParameterizedTest
    @CsvSource({
            "2, 100, 10, 1000000, 2000",
            "2, 100, 10, 500, 500",
            "3, 0.5, 9, 1000000, 13",
            "1, 1000, 0, 1000000, 0"})
    void plannedMessagesAreRateTimesTimeCappedByTheBudget(int senders, double rate, double seconds, long max, long planned) {
        assertThat(Arithmetic.plannedMessages(senders, rate, seconds, max)).isEqualTo(planned);
    }

    @Test
    void roomRateIsSharedBySendersAndDeliveriesScaleWithMembers() {
        assertThat(Arithmetic.perSenderRate(100, 4)).isEqualTo(25.0);
        assertThat(Arithmetic.plannedDeliveries(2000, 1000)).isEqualTo(2_000_000);
        assertThatThrownBy(() -> Arithmetic.perSenderRate(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arithmetic.plannedDeliveries(Long.MAX_VALUE, 2)).isInstanceOf(ArithmeticException.class);
    }
}
