package dev.community.loadtest.sink;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the sink has seen, safe to update from every event loop at once. Each figure is counted on its own (a
 * duplicate is a delivery whose id was already in the set) rather than derived from the others, so a report taken
 * while requests arrive never shows a negative or impossible figure; once the traffic stops,
 * received = unique + duplicates.
 */
public final class SinkCounters {
    private final LongAdder received = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder bad = new LongAdder();
    /** Every accepted webhook-id: a redelivery (the server retrying, or replaying after a crash) keeps its id. */
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** An accepted delivery (answered 204). */
    void accepted(String webhookId) {
        if (!ids.add(webhookId)) {
            duplicates.increment();
        }
        received.increment();
    }

    /** A refused delivery: a signature that does not verify, or no webhook-id at all. */
    void refused() {
        bad.increment();
    }

    public long received() {
        return received.sum();
    }

    public long unique() {
        return ids.size();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long badSignature() {
        return bad.sum();
    }

    /** The report line the bench scripts keep in their logs. */
    public String line() {
        return "received=" + received() + " unique=" + unique() + " duplicates=" + duplicates()
                + " bad_signature=" + badSignature();
    }
}
