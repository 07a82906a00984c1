package dev.community.server;

import dev.community.storage.StorageUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The named, bounded pool where JDBC round trips run, so no event loop ever blocks on the database. When its
 * queue is full a task fails at once with {@link StorageUnavailableException} (the client sees
 * {@code unavailable} and may retry) rather than queueing without bound.
 */
public final class BlockingExecutor implements Blocking, AutoCloseable {
    private final ThreadPoolExecutor pool;

    public BlockingExecutor(int threads, int queueCapacity, MeterRegistry meters) {
        AtomicInteger counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "blocking-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        Gauge.builder("community.blocking.queue.depth", pool, p -> p.getQueue().size())
                .description("JDBC tasks waiting for a blocking thread").register(meters);
        Gauge.builder("community.blocking.active", pool, ThreadPoolExecutor::getActiveCount)
                .description("Blocking threads running a task").register(meters);
    }

    /** Runs {@code task} on a blocking thread; the future completes there (hop back to your event loop). */
    @Override
    public <T> CompletableFuture<T> supply(Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    future.complete(task.call());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new StorageUnavailableException("blocking executor saturated", e));
        }
        return future;
    }

    public int queueDepth() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
