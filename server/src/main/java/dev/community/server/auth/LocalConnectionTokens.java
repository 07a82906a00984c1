package dev.community.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection tokens held in this node's memory: 256 random bits each, removed on first use. Expired tokens
 * are swept by {@link #sweepExpired()}, which the server schedules periodically, so an abandoned token
 * costs memory for at most a sweep interval past its expiry.
 */
public final class LocalConnectionTokens implements ConnectionTokens {
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public LocalConnectionTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String issue(Principal principal) {
        String token = TokenBytes.draw();
        tokens.put(token, new Issued(principal, clock.instant().plusSeconds(TTL_SECONDS)));
        return token;
    }

    @Override
    public Principal redeem(String token) throws AuthenticationException {
        Issued issued = token == null ? null : tokens.remove(token);
        if (issued == null) {
            throw new AuthenticationException("unknown or already used connection token");
        }
        if (!issued.expiresAt.isAfter(clock.instant())) {
            throw new AuthenticationException("expired connection token");
        }
        return issued.principal;
    }

    /** Drops expired tokens; returns how many. */
    public int sweepExpired() {
        Instant now = clock.instant();
        int before = tokens.size();
        tokens.values().removeIf(issued -> !issued.expiresAt.isAfter(now));
        return before - tokens.size();
    }

    public int size() {
        return tokens.size();
    }

    private record Issued(Principal principal, Instant expiresAt) {
    }
}
