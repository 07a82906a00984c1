package dev.community.loadtest.abuse;

import dev.community.protocol.WirePaths;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@link AbuseKind#REST_FLOOD}: the room list, as fast as its rate allows, with up to {@link #IN_FLIGHT}
 * requests at once (more than the per-user concurrency budget). The server's answer is the per-user REST
 * budget (429).
 */
final class RestAbuser implements Abuser {
    /** Requests one REST flooder keeps in flight. */
    static final int IN_FLIGHT = 8;

    private final AbuserTally tally = new AbuserTally(AbuseKind.REST_FLOOD);
    private final AbuseTarget target;
    private final HttpRequest request;
    private final double rate;

    private Pacer pacer;
    private int inFlight;
    private boolean stopped;

    RestAbuser(AbuseTarget target, String userId, double rate) {
        this.target = target;
        this.request = target.get(userId, WirePaths.rooms(null, WirePaths.MAX_LIMIT));
        this.rate = rate;
    }

    @Override
    public AbuserTally tally() {
        return tally;
    }

    @Override
    public synchronized void tick(long nowNanos) {
        if (pacer == null) {
            pacer = new Pacer(rate, nowNanos);
        }
        while (!stopped && inFlight < IN_FLIGHT && pacer.due(nowNanos) > 0) {
            pacer.took();
            inFlight++;
            tally.sent();
            target.http().sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
                if (answer != null && answer.statusCode() == 429) {
                    tally.throttled();
                }
                answered();
            });
        }
    }

    private synchronized void answered() {
        inFlight--;
    }

    @Override
    public synchronized void stop() {
        stopped = true;
    }
}
