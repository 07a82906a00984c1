package dev.community.loadtest.client;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.community.protocol.AccessClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Mints HS256 access JWTs for simulated users from the server's shared secret, as a host application would
 * (PROTOCOL.md §1): {@code sub}, {@code username}, {@code exp}, {@code iat}.
 */
public final class AccessTokens {
    /** The server's own secret generator makes 32 bytes or more; HMAC with less is weak and refused. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final Duration lifetime;
    private final Clock clock;

    public AccessTokens(String secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(secret);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** An access token for a platform staff user (moderates every room; PROTOCOL.md §1). */
    public String mintStaff(String userId) {
        Instant now = clock.instant();
        return JWT.create()
                .withSubject(userId)
                .withClaim(AccessClaims.USERNAME, userId)
                .withClaim(AccessClaims.STAFF, true)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .sign(algorithm);
    }

    /** An access token for {@code userId}, valid for the configured lifetime from now. */
    public String mint(String userId) {
        Instant now = clock.instant();
        return JWT.create()
                .withSubject(userId)
                .withClaim(AccessClaims.USERNAME, userId)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .sign(algorithm);
    }
}
