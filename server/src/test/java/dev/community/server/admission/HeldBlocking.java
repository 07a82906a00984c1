package dev.community.server.admission;

import dev.community.server.Blocking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** A blocking pool whose tasks run only when the test says so, so what arrives meanwhile is deterministic. */
final class HeldBlocking implements Blocking {
    private final List<Runnable> parked = new ArrayList<>();

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

    int parked() {
        return parked.size();
    }

    /** Runs every parked task, and those they park in turn. */
    void runAll() {
        while (!parked.isEmpty()) {
            parked.remove(0).run();
        }
    }
}
