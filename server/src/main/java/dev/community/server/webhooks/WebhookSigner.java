package dev.community.server.webhooks;

import dev.community.server.auth.KeyedHmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * Standard Webhooks signing (the specification of that name): {@code webhook-signature} is {@code v1,} followed by
 * the base64 HMAC-SHA256, keyed with the secret's bytes (what follows {@code whsec_}, base64-decoded), of
 * {@code id.timestamp.body}. No maintained Java Standard Webhooks library is available to this build, so this is the
 * specification's algorithm on {@code javax.crypto}; the tests check it against the specification's published example
 * and the examples/ receiver checks it with the Node library. The HMAC is the project's one per-thread keyed
 * {@link KeyedHmacSha256}, as for access tokens.
 */
public final class WebhookSigner {
    private final KeyedHmacSha256 hmac;

    public WebhookSigner(byte[] secret) {
        this.hmac = new KeyedHmacSha256(secret, "a webhook secret");
    }

    /**
     * The {@code webhook-signature} header value.
     *
     * @param id               the {@code webhook-id}
     * @param timestampSeconds the {@code webhook-timestamp} (Unix seconds)
     * @param body             the exact bytes sent
     */
    public String sign(String id, long timestampSeconds, byte[] body) {
        Mac mac = hmac.mac();
        mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
