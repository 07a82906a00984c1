package dev.community.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import dev.community.config.ServerConfig;
import dev.community.protocol.AccessClaims;
import dev.community.protocol.Texts;
import dev.community.protocol.UserIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Verifies access JWTs (PROTOCOL.md §1). The verifier is pinned to the configured algorithm, so
 * {@code alg: none} and any other algorithm are rejected along with bad signatures, expired tokens and
 * tokens without {@code sub} or {@code exp}. Thread-safe; verification is CPU only and runs on event loops.
 */
public final class JwtAuthenticator {
    private final JWTVerifier verifier;

    public JwtAuthenticator(ServerConfig.JwtConfig config) {
        Verification verification = JWT.require(algorithm(config)).withClaimPresence("sub").withClaimPresence("exp");
        config.issuer().ifPresent(verification::withIssuer);
        config.audience().ifPresent(verification::withAudience);
        this.verifier = verification.build();
    }

    /** The verified principal of {@code token}, or an exception saying why it was refused. */
    public Principal verify(String token) throws AuthenticationException {
        if (token == null || token.isEmpty()) {
            throw new AuthenticationException("missing access token");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw new AuthenticationException("invalid access token: " + e.getClass().getSimpleName());
        }
        String subject = jwt.getSubject();
        if (!UserIds.isValid(subject)) {
            throw new AuthenticationException("invalid access token: sub is not a valid user id");
        }
        String username = stringClaim(jwt.getClaim(AccessClaims.USERNAME), subject);
        Claim joined = jwt.getClaim(AccessClaims.JOINED_AT);
        Instant joinedAt = joined.isMissing() || joined.isNull() || joined.asLong() == null
                ? null : Instant.ofEpochSecond(joined.asLong());
        Claim trust = jwt.getClaim(AccessClaims.TRUST_LEVEL);
        int trustLevel = trust.isMissing() || trust.isNull() || trust.asInt() == null ? 0 : trust.asInt();
        Claim staff = jwt.getClaim(AccessClaims.STAFF);
        boolean isStaff = !staff.isMissing() && !staff.isNull() && Boolean.TRUE.equals(staff.asBoolean());
        return new Principal(subject, username, joinedAt, trustLevel, isStaff, jwt.getExpiresAtAsInstant());
    }

    private static String stringClaim(Claim claim, String fallback) {
        if (claim.isMissing() || claim.isNull()) {
            return fallback;
        }
        String value = claim.asString();
        // Display names reach every client and the database: refuse what PostgreSQL text or JSON cannot carry.
        return value == null || value.isBlank() || value.length() > 150 || !Texts.isStorable(value) ? fallback : value;
    }

    private static Algorithm algorithm(ServerConfig.JwtConfig config) {
        return switch (config.algorithm()) {
            case "HS256" -> new PerThreadHmac256(config.secret().orElseThrow(
                    () -> new IllegalStateException("auth.jwt.secret is required for HS256")).getBytes(StandardCharsets.UTF_8));
            case "RS256" -> Algorithm.RSA256((RSAPublicKey) publicKey(config, "RSA"), null);
            case "ES256" -> Algorithm.ECDSA256((ECPublicKey) publicKey(config, "EC"), null);
            default -> throw new IllegalStateException("auth.jwt.algorithm is not supported: " + config.algorithm());
        };
    }

    private static java.security.PublicKey publicKey(ServerConfig.JwtConfig config, String keyType) {
        var file = config.publicKeyFile().orElseThrow(
                () -> new IllegalStateException("auth.jwt.public_key_file is required for " + config.algorithm()));
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance(keyType).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("auth.jwt.public_key_file is not a PEM " + keyType + " public key: " + file, e);
        }
    }
}
