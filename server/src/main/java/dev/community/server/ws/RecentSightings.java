package dev.community.server.ws;

import dev.community.server.auth.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which users' JWT claims this node wrote to the users table recently. A user who reconnects (or opens another
 * tab) with the same claims needs no write: during a reconnect storm that write was one transaction per
 * connection. Claims that changed, or a sighting older than {@link #FRESH_NANOS}, are written again.
 */
public final class RecentSightings {
    /** How long an unchanged sighting is trusted before it is written again (keeps first/last sight honest). */
    static final long FRESH_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Bound on memory: past it the map starts over (the cost is only some repeated writes). */
    static final int MAX_USERS = 200_000;

    private final Map<String, Sighting> written = new ConcurrentHashMap<>();

    /** True when the user's claims must be written (new, changed, or not written for a while). */
    public boolean needsWrite(Principal principal, long nowNanos) {
        Sighting last = written.get(principal.userId());
        return last == null || !last.sameClaims(principal) || nowNanos - last.atNanos > FRESH_NANOS;
    }

    /** Records that the user's claims were just written. */
    public void written(Principal principal, long nowNanos) {
        if (written.size() >= MAX_USERS) {
            written.clear();
        }
        written.put(principal.userId(), new Sighting(principal.username(), principal.joinedAt(), principal.trustLevel(),
                principal.staff(), nowNanos));
    }

    private record Sighting(String username, Instant joinedAt, int trustLevel, boolean staff, long atNanos) {
        boolean sameClaims(Principal p) {
            return username.equals(p.username()) && Objects.equals(joinedAt, p.joinedAt())
                    && trustLevel == p.trustLevel() && staff == p.staff();
        }
    }
}
