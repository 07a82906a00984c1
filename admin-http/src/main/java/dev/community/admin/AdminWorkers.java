package dev.community.admin;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The bounded executor every call into {@link AdminOperations} and every scrape runs on, so the admin event loop
 * never waits. When it is full the request answers {@code 503 unavailable} at once: an operator retries, and a
 * scraper that cannot be served now is better told so than queued behind a stuck call.
 */
final class AdminWorkers implements AutoCloseable {
    /** Two: one slow call (a scrape of many meters, a disconnect across the cluster) must not stall the rest. */
    static final int THREADS = 2;
    /** Admin traffic is a handful of requests a minute; more than this waiting means something is stuck. */
    static final int QUEUE = 32;

    private final ExecutorService executor;

    AdminWorkers(String threadName) {
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), new DefaultThreadFactory(threadName, true),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code work} on a worker; the future fails with {@code 503 unavailable} when the workers are full. */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(result, () -> result.complete(work.get()));
        return result;
    }

    /**
     * When {@code stage} completes (on whatever thread), runs {@code then} with its value or its unwrapped failure
     * on a worker. Unlike {@code whenCompleteAsync}, a full executor fails the result instead of throwing into the
     * thread that completed {@code stage}.
     */
    <T, R> CompletableFuture<R> afterwards(CompletableFuture<T> stage, BiFunction<T, Throwable, R> then) {
        CompletableFuture<R> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> execute(result, () -> result.complete(then.apply(value, unwrap(failure)))));
        return result;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Rethrows a failure handed to an {@link #afterwards} callback, unchecked. */
    static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new CompletionException(failure);
    }

    private void execute(CompletableFuture<?> result, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(AdminException.unavailable("the admin port is busy; retry shortly"));
        }
    }
}
