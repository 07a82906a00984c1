package dev.community.server.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SendSequencerTest {
    private final SendSequencer sequencer = new SendSequencer();

    @Test
    void aStageWaitsForTheSameSendersSlowerStageBeforeIt() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> slowLookup = new CompletableFuture<>();

        CompletableFuture<String> first = sequencer.run("alice", () -> slowLookup.thenApply(v -> {
            order.add("first");
            return v;
        }));
        CompletableFuture<String> second = sequencer.run("alice", () -> {
            order.add("second");
            return CompletableFuture.completedFuture("b");
        });
        CompletableFuture<String> otherSender = sequencer.run("bob", () -> {
            order.add("bob");
            return CompletableFuture.completedFuture("c");
        });

        assertThat(second).isNotDone();
        assertThat(otherSender).as("other senders do not wait").isCompletedWithValue("c");
        slowLookup.complete("a");
        assertThat(first).isCompletedWithValue("a");
        assertThat(second).isCompletedWithValue("b");
        assertThat(order).containsExactly("bob", "first", "second");
        assertThat(sequencer.pending()).as("nothing left behind").isZero();
    }

    @Test
    void aFailedStageStillLetsTheNextOneRun() {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> first = sequencer.run("alice", () -> failing);
        CompletableFuture<String> second = sequencer.run("alice", () -> CompletableFuture.completedFuture("next"));
        failing.completeExceptionally(new IllegalStateException("refused"));
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedWithValue("next");
    }

    @Test
    void aStageThatThrowsFailsItsOwnFutureOnly() {
        CompletableFuture<String> thrown = sequencer.run("alice", () -> {
            throw new IllegalArgumentException("bad");
        });
        assertThat(thrown).isCompletedExceptionally();
        assertThat(sequencer.run("alice", () -> CompletableFuture.completedFuture("fine"))).isCompletedWithValue("fine");
        assertThat(sequencer.pending()).isZero();
    }
}
