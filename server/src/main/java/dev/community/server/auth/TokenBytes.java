package dev.community.server.auth;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Draws connection tokens: 256 random bits, URL-safe. Each thread has its own DRBG generator, because every
 * default {@code SecureRandom} on Linux (NativePRNG) reads through one process-wide lock, however many instances
 * there are: tokens drawn from it by every event loop during a reconnect storm would queue on that lock. A DRBG
 * instance locks only itself, and is seeded from the system's entropy once per thread.
 */
public final class TokenBytes {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TokenBytes::generator);

    private TokenBytes() {
    }

    /** A fresh token: 32 random bytes in unpadded base64url. */
    public static String draw() {
        byte[] bytes = new byte[32];
        RANDOM.get().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The generator a thread draws from (its algorithm is what the test checks). */
    static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG SecureRandom is missing", e);
        }
    }
}
