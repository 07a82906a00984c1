package dev.community.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.Blocking;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What arrives while a call runs is answered by the next call, in one group; alone, a request is called at once. */
class GroupedCallsTest {
    final List<List<String>> calls = new ArrayList<>();
    final List<Runnable> parked = new ArrayList<>();
    /** A blocking pool whose tasks run when the test says so, so groups form deterministically. */
    final Blocking held = new Blocking() {
        @Override
        public <T> CompletableFuture<T> supply(Callable<T> task) {
            CompletableFuture<T> done = new CompletableFuture<>();
            parked.add(() -> {
                try {
                    done.complete(task.call());
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            });
            return done;
        }
    };
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    GroupedCalls<String, Integer> lengths(int maxGroup, int maxInFlight) {
        return new GroupedCalls<>("test", held, maxGroup, maxInFlight, keys -> {
            calls.add(List.copyOf(keys));
            Map<String, Integer> out = new HashMap<>();
            keys.forEach(k -> out.put(k, k.length()));
            return out;
        }, meters);
    }

    void runParked() {
        while (!parked.isEmpty()) {
            parked.remove(0).run();
        }
    }

    @Test
    void aLoneRequestIsCalledAtOnceAndWhatArrivesMeanwhileIsOneGroup() throws Exception {
        var grouped = lengths(100, 1);
        CompletableFuture<Integer> first = grouped.call("a");
        assertThat(parked).as("called at once").hasSize(1);
        CompletableFuture<Integer> second = grouped.call("bb");
        CompletableFuture<Integer> third = grouped.call("ccc");
        CompletableFuture<Integer> again = grouped.call("bb");
        assertThat(parked).as("waiting for the running call").hasSize(1);
        runParked();
        assertThat(calls).containsExactly(List.of("a"), List.of("bb", "ccc"));
        assertThat(List.of(first.get(), second.get(), third.get(), again.get())).containsExactly(1, 2, 3, 2);
        assertThat(meters.get("community.admission.groups").counter().count()).isEqualTo(2);
    }

    @Test
    void groupsAreCappedAndSeveralMayRunAtOnce() {
        var grouped = lengths(2, 2);
        grouped.call("a");
        grouped.call("b");
        for (String key : List.of("c", "d", "e")) {
            grouped.call(key);
        }
        assertThat(parked).hasSize(2);
        runParked();
        assertThat(calls).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"), List.of("e"));
    }

    @Test
    void aFailedCallFailsItsGroupAndTheNextGroupStillRuns() throws Exception {
        boolean[] fail = {true};
        var grouped = new GroupedCalls<String, Integer>("test", held, 10, 1, keys -> {
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("database down");
            }
            return Map.of("later", 5);
        }, meters);
        CompletableFuture<Integer> failed = grouped.call("now");
        CompletableFuture<Integer> later = grouped.call("later");
        runParked();
        assertThat(failed).isCompletedExceptionally();
        assertThat(later.get()).isEqualTo(5);
        CompletableFuture<Integer> unanswered = grouped.call("missing");
        runParked();
        assertThat(unanswered).isCompletedExceptionally();
        try {
            unanswered.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).hasMessage("no answer for missing");
        }
    }
}
