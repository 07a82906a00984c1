package dev.community.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a future's outcome back to an event loop. Unlike a bare {@code whenCompleteAsync}, a failure inside the
 * callback is logged instead of vanishing into a future nobody reads, and the failure passed to the callback is
 * unwrapped from {@link CompletionException}.
 */
public final class OnLoop {
    private static final Logger log = LoggerFactory.getLogger(OnLoop.class);

    private OnLoop() {
    }

    public static <T> void then(CompletableFuture<T> future, Executor loop, BiConsumer<T, Throwable> callback) {
        future.whenCompleteAsync((value, failure) -> {
            try {
                callback.accept(value, unwrap(failure));
            } catch (RuntimeException | Error e) {
                log.error("callback failed on the event loop", e);
            }
        }, loop);
    }

    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
