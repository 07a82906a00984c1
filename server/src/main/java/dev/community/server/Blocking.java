package dev.community.server;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Where calls that block (JDBC) run, never on an event loop. {@link BlockingExecutor} is the node's bounded pool;
 * a test may run the calls in place.
 */
@FunctionalInterface
public interface Blocking {

    /** Runs {@code task} off the event loops; the future completes on that thread (hop back to your loop). */
    <T> CompletableFuture<T> supply(Callable<T> task);

    /** Runs every task at once on the calling thread (for tests of code that hands work to {@link Blocking}). */
    static Blocking inPlace() {
        return new Blocking() {
            @Override
            public <T> CompletableFuture<T> supply(Callable<T> task) {
                try {
                    return CompletableFuture.completedFuture(task.call());
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
    }
}
