package dev.community.loadtest.abuse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the server answered one abuser: what it sent, how often it was told to slow down ({@code rate_limited}
 * errors, 429 answers), and how its connections ended when the server ended them (by close code; 0 when the
 * connection broke before a close frame could be read, as it does for a client that stopped reading).
 * Written from the abuser's callbacks, read once at the end.
 */
public final class AbuserTally {
    /** The close code recorded when the server ended a connection whose close frame the client never read. */
    public static final int UNREAD_CLOSE = 0;

    private final AbuseKind kind;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final Map<Integer, AtomicLong> serverCloses = new ConcurrentHashMap<>();

    public AbuserTally(AbuseKind kind) {
        this.kind = kind;
    }

    public AbuseKind kind() {
        return kind;
    }

    void sent() {
        sent.incrementAndGet();
    }

    void throttled() {
        throttled.incrementAndGet();
    }

    void connected() {
        connects.incrementAndGet();
    }

    void closedByServer(int code) {
        serverCloses.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    public long sentCount() {
        return sent.get();
    }

    public long throttledCount() {
        return throttled.get();
    }

    public long connectCount() {
        return connects.get();
    }

    /** Connections the server ended, by close code. */
    public Map<Integer, Long> serverCloses() {
        Map<Integer, Long> copy = new java.util.TreeMap<>();
        serverCloses.forEach((code, n) -> copy.put(code, n.get()));
        return copy;
    }

    /** True when the server held this abuser to a budget: it was throttled or had a connection closed. */
    public boolean held() {
        return throttled.get() > 0 || !serverCloses.isEmpty();
    }
}
