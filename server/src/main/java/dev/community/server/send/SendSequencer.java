package dev.community.server.send;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps one sender's messages in the order they arrived while some of them wait for asynchronous checks (a
 * thread or DM lookup on the blocking pool, an external content classifier): a user's next stage starts only
 * once their previous one has finished. Stages that finish at once (the common case: a forum message and the
 * built-in filter) leave no entry behind, so the usual cost is one map operation.
 */
final class SendSequencer {
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    /**
     * Runs {@code stage} after {@code key}'s previous stage has completed (successfully or not), or right away
     * when none is pending.
     */
    <T> CompletableFuture<T> run(String key, Supplier<CompletableFuture<T>> stage) {
        AtomicReference<CompletableFuture<T>> started = new AtomicReference<>();
        CompletableFuture<?> tail = tails.compute(key, (k, previous) -> {
            CompletableFuture<T> result = previous == null ? start(stage)
                    : previous.handle((value, failure) -> null).thenCompose(ignored -> start(stage));
            started.set(result);
            return result.isDone() ? null : result;
        });
        if (tail != null) {
            tail.whenComplete((value, failure) -> tails.remove(key, tail));
        }
        return started.get();
    }

    /** Users with a stage still running (for tests and operators). */
    int pending() {
        return tails.size();
    }

    private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> stage) {
        try {
            CompletableFuture<T> future = stage.get();
            return future != null ? future : CompletableFuture.failedFuture(new IllegalStateException("no stage"));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
