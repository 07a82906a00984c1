package dev.community.server.send;

import dev.community.server.actions.Refusal;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The per-user rate limit and the per-room slow mode as one check before storage. On a single node it answers at
 * once from memory; in a cluster it asks Redis, so the limits hold across nodes.
 */
public interface SendThrottle {

    /**
     * Takes one message from the user's rate allowance and, when {@code slowModeSeconds > 0}, checks and records
     * the user's slow-mode interval in the room. Completes with null when the message may go on, or with the
     * refusal: {@code rate_limited} (nothing recorded) or {@code slow_mode} (the rate allowance stays taken, as a
     * refused attempt still counts against the rate), each with its retry time.
     */
    CompletableFuture<Refusal> admit(String userId, UUID roomId, int slowModeSeconds, long nowMillis);
}
