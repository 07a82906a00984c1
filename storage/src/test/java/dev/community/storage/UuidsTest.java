package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndTheCurrentTime() {
        long before = System.currentTimeMillis();
        UUID id = Uuids.v7();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        // a burst of ids can run slightly ahead of the clock when the 12-bit counter overflows
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after + 1_000);
    }

    @Test
    void idsStrictlyIncreaseEvenWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ids.add(Uuids.v7());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(Long.compareUnsigned(ids.get(i).getMostSignificantBits(),
                    ids.get(i - 1).getMostSignificantBits())).as("id %d after id %d", i, i - 1).isPositive();
            assertThat(ids.get(i).version()).isEqualTo(7);
        }
    }

    @Test
    void concurrentCallersNeverGetTheSameTimeAndCounterPrefix() throws Exception {
        ConcurrentLinkedQueue<Long> prefixes = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    prefixes.add(Uuids.v7().getMostSignificantBits());
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(prefixes).hasSize(40_000).doesNotHaveDuplicates();
    }
}
