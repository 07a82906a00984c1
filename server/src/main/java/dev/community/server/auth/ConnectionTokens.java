package dev.community.server.auth;

/**
 * Single-use connection tokens (PROTOCOL.md §1): a client exchanges its access JWT for one and puts it in the
 * WebSocket URL, so the long-lived JWT never travels in a query string. A token is valid for 60 s.
 * The local implementation serves one node; the cluster implementation shares them through Redis.
 */
public interface ConnectionTokens {
    /** Seconds a token stays valid. */
    int TTL_SECONDS = 60;

    String issue(Principal principal);

    /** The principal the token was issued to; the token is spent by this call. */
    Principal redeem(String token) throws AuthenticationException;
}
