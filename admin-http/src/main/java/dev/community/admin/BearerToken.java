package dev.community.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin API's bearer token, checked in constant time. Both sides are hashed first so that neither the
 * comparison nor its length check says how much of a guess was right.
 */
final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private final byte[] expectedDigest;

    BearerToken(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.expectedDigest = sha256(token);
    }

    /** Whether an {@code Authorization} header value (null when absent) carries this token. */
    boolean matches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String presented = authorization.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(sha256(presented), expectedDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
