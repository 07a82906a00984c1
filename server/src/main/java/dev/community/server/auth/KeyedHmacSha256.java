package dev.community.server.auth;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one secret, with one keyed {@link Mac} per thread. Asking the JDK for a {@code Mac} per use is a
 * provider look-up that takes shared locks (under a reconnect storm every event loop queued on them), so each thread
 * keys its own once and reuses it. Used for HS256 access tokens ({@link PerThreadHmac256}) and for signing webhooks.
 */
public final class KeyedHmacSha256 {
    private static final String JCA_NAME = "HmacSHA256";
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * @param secret the key's bytes (copied)
     * @param name   what the secret is, for the refusal of an empty one (e.g. "the HS256 secret")
     */
    public KeyedHmacSha256(byte[] secret, String name) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        this.key = new SecretKeySpec(secret.clone(), JCA_NAME);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(JCA_NAME);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** This thread's keyed Mac, ready for a new message (a finished {@code doFinal} leaves it reset). */
    public Mac mac() {
        return macs.get();
    }

    static String jcaName() {
        return JCA_NAME;
    }
}
