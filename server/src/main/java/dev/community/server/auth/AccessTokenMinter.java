package dev.community.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.community.config.ServerConfig;
import dev.community.protocol.AccessClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Mints access JWTs with the server's own HS256 secret, standing in for the host application on a developer's
 * machine: the {@code token} and {@code chat} commands and the Lounge's development sign-in. The tokens carry the
 * configured issuer and audience, so the server accepts them exactly as it would the host's.
 */
public final class AccessTokenMinter {
    private final Algorithm algorithm;
    private final ServerConfig.JwtConfig jwt;
    private final Clock clock;

    /** @throws IllegalStateException with {@link #unavailable}'s reason when this configuration cannot mint */
    public AccessTokenMinter(ServerConfig.JwtConfig jwt, Clock clock) {
        unavailable(jwt).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        this.algorithm = Algorithm.HMAC256(jwt.secret().orElseThrow());
        this.jwt = jwt;
        this.clock = clock;
    }

    /** Why tokens cannot be minted here, if they cannot: a public key verifies them and only the host can sign. */
    public static Optional<String> unavailable(ServerConfig.JwtConfig jwt) {
        if (!"HS256".equals(jwt.algorithm()) || jwt.secret().isEmpty()) {
            return Optional.of("minting a token needs the server's HS256 secret; with auth.jwt.algorithm="
                    + jwt.algorithm() + " tokens come from the host application");
        }
        return Optional.empty();
    }

    /**
     * An access token for {@code userId} (which the caller has checked against the contract's user ids).
     *
     * @param joinedAt the account's creation time, or null to leave the claim out (the server then counts from
     *                 the first time it sees the user)
     */
    public String mint(String userId, String username, Duration lifetime, int trustLevel, boolean staff,
                       Instant joinedAt) {
        Instant now = clock.instant();
        var token = JWT.create()
                .withSubject(userId)
                .withClaim(AccessClaims.USERNAME, username)
                .withClaim(AccessClaims.TRUST_LEVEL, trustLevel)
                .withClaim(AccessClaims.STAFF, staff)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime));
        if (joinedAt != null) {
            token.withClaim(AccessClaims.JOINED_AT, joinedAt.getEpochSecond());
        }
        jwt.issuer().ifPresent(token::withIssuer);
        jwt.audience().ifPresent(token::withAudience);
        return token.sign(algorithm);
    }
}
