package dev.community.loadtest.abuse;

import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@link AbuseKind#CHURN}: a connection token, an upgrade, and the socket dropped at once, as fast as its rate
 * allows with up to {@link #IN_FLIGHT} at once. The server's answer to it is the connection-token budget (429).
 */
final class ChurnAbuser implements Abuser {
    /** Connects one churner keeps under way at once. */
    static final int IN_FLIGHT = 8;

    private final AbuserTally tally = new AbuserTally(AbuseKind.CHURN);
    private final AbuseTarget target;
    private final String userId;
    private final UUID room;
    private final double rate;

    private Pacer pacer;
    private int inFlight;
    private boolean stopped;

    ChurnAbuser(AbuseTarget target, String userId, UUID room, double rate) {
        this.target = target;
        this.userId = userId;
        this.room = room;
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
            churnOnce();
        }
    }

    private void churnOnce() {
        tally.sent();
        target.connectionToken(userId).thenCompose(answer -> {
            String token = target.tokenOf(answer);
            if (token == null) {
                if (answer.statusCode() == 429) {
                    tally.throttled();
                }
                return CompletableFuture.<WebSocket>completedFuture(null);
            }
            return target.http().newWebSocketBuilder().buildAsync(target.roomSocket(room, token),
                    new WebSocket.Listener() { });
        }).whenComplete((ws, failure) -> {
            if (ws != null) {
                tally.connected();
                ws.abort();
            }
            done();
        });
    }

    private synchronized void done() {
        inFlight--;
    }

    @Override
    public synchronized void stop() {
        stopped = true;
    }
}
