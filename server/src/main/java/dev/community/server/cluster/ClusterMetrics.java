package dev.community.server.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of cluster mode, named in one place. Tags are bounded sets (envelope kind, result, operation):
 * never a room, user or node id.
 */
final class ClusterMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger redisUp = new AtomicInteger();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Counter redisOutages;
    private final Counter recoveries;
    private final Counter held;
    private final Counter gapFills;
    private final Counter gapsRepaired;
    private final Counter holesSkipped;
    private final Counter fillFailures;
    private final Counter undecodable;
    private final Timer hop;

    ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("community.cluster.redis.up", redisUp, AtomicInteger::get)
                .description("1 while this node's Redis connections answer, 0 while Redis is unreachable").register(registry);
        redisOutages = Counter.builder("community.cluster.redis.outages")
                .description("Times this node lost Redis (a connection dropped or a health probe failed)").register(registry);
        recoveries = Counter.builder("community.cluster.redis.recoveries")
                .description("Times this node got Redis back, resubscribed and caught up from storage").register(registry);
        held = Counter.builder("community.cluster.messages.held")
                .description("Messages that arrived before an earlier seq and waited for it").register(registry);
        gapFills = Counter.builder("community.cluster.gap.fills")
                .description("Storage reads that filled a room's seq gap or caught it up after an outage").register(registry);
        gapsRepaired = Counter.builder("community.cluster.gap.repaired")
                .description("Messages delivered from storage because pub/sub did not bring them in time").register(registry);
        holesSkipped = Counter.builder("community.cluster.gap.holes")
                .description("Seqs storage confirmed were never stored (skipped rather than waited for)").register(registry);
        fillFailures = Counter.builder("community.cluster.gap.fill.failures")
                .description("Gap fills that failed (storage unavailable) and were retried").register(registry);
        undecodable = Counter.builder("community.cluster.received.undecodable")
                .description("Pub/sub payloads that could not be decoded and were dropped").register(registry);
        hop = Timer.builder("community.cluster.hop")
                .description("From a message's commit on one node to its arrival from Redis on another (wall clocks)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    void redisUp(boolean up) {
        redisUp.set(up ? 1 : 0);
    }

    boolean redisUp() {
        return redisUp.get() == 1;
    }

    void outage() {
        redisOutages.increment();
    }

    void recovered() {
        recoveries.increment();
    }

    /** One envelope handed to Redis, by kind and result ("ok" or "failed"). */
    void published(String kind, boolean ok) {
        String key = kind + (ok ? ":ok" : ":failed");
        published.computeIfAbsent(key, k -> Counter.builder("community.cluster.published")
                .description("Envelopes published to Redis, by kind and result")
                .tags("kind", kind, "result", ok ? "ok" : "failed").register(registry)).increment();
    }

    /** One envelope of another node received from Redis, by kind. */
    void received(String kind) {
        received.computeIfAbsent(kind, k -> Counter.builder("community.cluster.received")
                .description("Envelopes of other nodes received from Redis, by kind").tag("kind", k)
                .register(registry)).increment();
    }

    /** An operation answered from this node's memory because Redis did not answer (tokens, limits, presence). */
    void fallback(String operation) {
        fallbacks.computeIfAbsent(operation, o -> Counter.builder("community.cluster.fallbacks")
                .description("Operations served node-locally because Redis did not answer, by operation")
                .tag("operation", o).register(registry)).increment();
    }

    void held() {
        held.increment();
    }

    void gapFill() {
        gapFills.increment();
    }

    void repaired(int messages) {
        gapsRepaired.increment(messages);
    }

    void holes(long count) {
        holesSkipped.increment(count);
    }

    void fillFailed() {
        fillFailures.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    void hop(long millis) {
        hop.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
}
