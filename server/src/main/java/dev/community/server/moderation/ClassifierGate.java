package dev.community.server.moderation;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Bounds the classifier's requests: at most {@code maxInFlight} at once, at most {@code capacity} more waiting in
 * order; beyond that a review fails at once with {@link ClassifierFailure.Kind#QUEUE_FULL} instead of joining a
 * queue it would time out in. Requests start on {@code executor}, never on the caller's thread (an event loop, a
 * writer lane). A waiting review whose future is already complete (timed out by its caller) is skipped, so a
 * backlog of late reviews does not hold request slots.
 */
final class ClassifierGate {
    private final int maxInFlight;
    private final int capacity;
    private final Executor executor;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    ClassifierGate(int maxInFlight, int capacity, Executor executor) {
        if (maxInFlight < 1 || capacity < 0) {
            throw new IllegalArgumentException("maxInFlight must be at least 1 and capacity at least 0");
        }
        this.maxInFlight = maxInFlight;
        this.capacity = capacity;
        this.executor = executor;
    }

    /**
     * Runs {@code call} when a slot is free; {@code result} completes with its outcome. Returns false, and leaves
     * {@code result} alone, when the queue is full.
     */
    <T> boolean offer(Supplier<CompletableFuture<T>> call, CompletableFuture<T> result) {
        Runnable start = () -> {
            if (result.isDone()) {
                release();
                return;
            }
            CompletableFuture<T> running;
            try {
                running = call.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((value, failure) -> {
                release();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        synchronized (this) {
            if (inFlight < maxInFlight) {
                inFlight++;
            } else if (waiting.size() < capacity) {
                waiting.add(start);
                return true;
            } else {
                return false;
            }
        }
        executor.execute(start);
        return true;
    }

    /** A request ended: the next waiting one takes its slot. */
    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            executor.execute(next);
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return waiting.size();
    }
}
