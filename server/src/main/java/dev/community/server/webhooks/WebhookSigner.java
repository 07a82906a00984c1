package dev.community.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (the specification of that name): {@code webhook-signature} is {@code v1,} followed by
 * the base64 HMAC-SHA256, keyed with the secret's bytes (what follows {@code whsec_}, base64-decoded), of
 * {@code id.timestamp.body}. No maintained Java Standard Webhooks library is available to this build, so this is the
 * specification's algorithm on {@code javax.crypto}; the tests check it against the specification's published example
 * and the examples/ receiver checks it with the Node library. One keyed {@link Mac} per thread: the sender threads
 * are few and long-lived, and a provider look-up per request takes shared locks.
 */
public final class WebhookSigner {
    private static final String JCA_NAME = "HmacSHA256";
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public WebhookSigner(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
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

    /**
     * The {@code webhook-signature} header value.
     *
     * @param id               the {@code webhook-id}
     * @param timestampSeconds the {@code webhook-timestamp} (Unix seconds)
     * @param body             the exact bytes sent
     */
    public String sign(String id, long timestampSeconds, byte[] body) {
        Mac mac = macs.get();
        mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
