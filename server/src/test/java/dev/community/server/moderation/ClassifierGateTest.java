package dev.community.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** At most max requests in flight, at most capacity waiting in order, the rest refused at once. */
class ClassifierGateTest {
    /** The requests started, each completed by the test. */
    private final List<CompletableFuture<String>> calls = new ArrayList<>();
    /** Starts what it is given at once, on the calling thread, so the test sees every step. */
    private final ClassifierGate gate = new ClassifierGate(2, 1, Runnable::run);

    private CompletableFuture<String> offer(String name, List<String> started) {
        CompletableFuture<String> result = new CompletableFuture<>();
        boolean taken = gate.offer(() -> {
            started.add(name);
            CompletableFuture<String> call = new CompletableFuture<>();
            calls.add(call);
            return call;
        }, result);
        return taken ? result : null;
    }

    @Test
    void requestsBeyondTheSlotsWaitInOrderAndBeyondTheQueueAreRefused() {
        List<String> started = new ArrayList<>();
        CompletableFuture<String> a = offer("a", started);
        CompletableFuture<String> b = offer("b", started);
        CompletableFuture<String> c = offer("c", started);
        CompletableFuture<String> d = offer("d", started);

        assertThat(started).containsExactly("a", "b");
        assertThat(c).isNotNull();
        assertThat(d).as("no slot and the queue full").isNull();
        assertThat(gate.inFlight()).isEqualTo(2);
        assertThat(gate.queued()).isEqualTo(1);

        calls.get(0).complete("A");

        assertThat(a).isCompletedWithValue("A");
        assertThat(started).containsExactly("a", "b", "c");
        assertThat(gate.inFlight()).isEqualTo(2);
        assertThat(gate.queued()).isZero();

        calls.get(1).completeExceptionally(new IllegalStateException("down"));
        calls.get(2).complete("C");

        assertThat(b).isCompletedExceptionally();
        assertThat(c).isCompletedWithValue("C");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aWaitingReviewThatTimedOutMeanwhileIsSkippedAndFreesItsTurn() {
        List<String> started = new ArrayList<>();
        offer("a", started);
        offer("b", started);
        CompletableFuture<String> late = offer("late", started);
        late.completeExceptionally(new java.util.concurrent.TimeoutException());

        calls.get(0).complete("A");

        assertThat(started).containsExactly("a", "b");
        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(gate.queued()).isZero();
    }
}
