package dev.community.server.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Single-use connection tokens (PROTOCOL.md §1): a client exchanges its access JWT for one and puts it in the
 * WebSocket URL, so the long-lived JWT never travels in a query string. A token is valid for 60 s.
 * The local implementation serves one node; the cluster implementation shares them through Redis.
 *
 * <p>The server calls the asynchronous forms from event loops; an implementation that talks to another process
 * overrides them and must never block there.
 */
public interface ConnectionTokens {
    /** Seconds a token stays valid. */
    int TTL_SECONDS = 60;

    String issue(Principal principal);

    /** The principal the token was issued to; the token is spent by this call. */
    Principal redeem(String token) throws AuthenticationException;

    /** As {@link #issue}, completing when the token is usable on every node. */
    default CompletableFuture<String> issueAsync(Principal principal) {
        try {
            return CompletableFuture.completedFuture(issue(principal));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * As {@link #redeem}: fails with {@link AuthenticationException} for an unknown, used or expired token, and
     * with {@link dev.community.storage.StorageUnavailableException} when the shared store cannot answer.
     */
    default CompletableFuture<Principal> redeemAsync(String token) {
        try {
            return CompletableFuture.completedFuture(redeem(token));
        } catch (AuthenticationException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
