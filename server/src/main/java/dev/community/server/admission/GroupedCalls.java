package dev.community.server.admission;

import dev.community.server.Blocking;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Requests for one kind of database work that arrive close together become one call: a request made while
 * {@code maxInFlight} calls are running waits for the next group, which takes everything that waits (up to
 * {@code maxGroup} distinct keys) — the group commit of the message writer, for admission's reads and writes. A
 * quiet server adds no delay (a lone request is called at once); a storm pays one round trip per group. Requests
 * for the same key in one group share one answer.
 *
 * @param <K> what is asked (a user id, a room id, a join)
 * @param <V> its answer
 */
public final class GroupedCalls<K, V> {
    private final Blocking blocking;
    private final int maxGroup;
    private final int maxInFlight;
    private final Function<List<K>, Map<K, V>> call;
    private final Map<K, CompletableFuture<V>> waiting = new LinkedHashMap<>();
    private final Counter groups;
    private final DistributionSummary sizes;
    private int inFlight;

    /**
     * @param name        tags the metrics {@code community.admission.groups{work}} and {@code ..group.size{work}}
     * @param call        does the work for a group on a blocking thread; answers every key (a missing one fails it)
     */
    public GroupedCalls(String name, Blocking blocking, int maxGroup, int maxInFlight, Function<List<K>, Map<K, V>> call,
                        MeterRegistry meters) {
        this.blocking = blocking;
        this.maxGroup = maxGroup;
        this.maxInFlight = maxInFlight;
        this.call = call;
        this.groups = Counter.builder("community.admission.groups").tag("work", name)
                .description("Grouped database calls made for admission, by kind of work").register(meters);
        this.sizes = DistributionSummary.builder("community.admission.group.size").tag("work", name)
                .description("Requests answered by one grouped call, by kind of work").register(meters);
    }

    /** The answer for {@code key}, from the group it joins; completes on a blocking thread (hop back to your loop). */
    public CompletableFuture<V> call(K key) {
        CompletableFuture<V> answer;
        synchronized (this) {
            answer = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
        }
        startGroups();
        return answer;
    }

    private void startGroups() {
        while (true) {
            Map<K, CompletableFuture<V>> group;
            synchronized (this) {
                if (inFlight >= maxInFlight || waiting.isEmpty()) {
                    return;
                }
                group = new LinkedHashMap<>();
                var keys = waiting.entrySet().iterator();
                while (keys.hasNext() && group.size() < maxGroup) {
                    var next = keys.next();
                    group.put(next.getKey(), next.getValue());
                    keys.remove();
                }
                inFlight++;
            }
            run(group);
        }
    }

    private void run(Map<K, CompletableFuture<V>> group) {
        groups.increment();
        sizes.record(group.size());
        List<K> keys = new ArrayList<>(group.keySet());
        blocking.supply(() -> call.apply(keys)).whenComplete((answers, failure) -> {
            synchronized (this) {
                inFlight--;
            }
            group.forEach((key, answer) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else if (answers.containsKey(key)) {
                    answer.complete(answers.get(key));
                } else {
                    answer.completeExceptionally(new IllegalStateException("no answer for " + key));
                }
            });
            startGroups();
        });
    }
}
