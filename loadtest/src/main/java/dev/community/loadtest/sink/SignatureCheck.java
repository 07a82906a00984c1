package dev.community.loadtest.sink;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks check: {@code webhook-signature} holds one or more space-separated {@code v1,<base64>}
 * signatures, and one of them must be the HMAC-SHA256 of {@code id.timestamp.body} keyed with the secret's bytes.
 * Written here rather than borrowed from the server (only a test dependency of the harness), so the sink's tests
 * check the server's signer against an independent implementation. A {@link Mac} is not thread-safe and looking one
 * up takes the JCA's shared locks, so each event loop thread keys its own once. Only authenticity is checked, not the
 * timestamp's age: a benchmark receiver must count a redelivery after a long outage, not refuse it.
 */
public final class SignatureCheck {
    static final String PREFIX = "whsec_";
    private static final String JCA_NAME = "HmacSHA256";
    private final SecretKeySpec key;
    private final FastThreadLocal<Mac> macs = new FastThreadLocal<>() {
        @Override
        protected Mac initialValue() throws GeneralSecurityException {
            Mac mac = Mac.getInstance(JCA_NAME);
            mac.init(key);
            return mac;
        }
    };

    private SignatureCheck(byte[] secret) {
        this.key = new SecretKeySpec(secret, JCA_NAME);
    }

    /**
     * Parses a secret as the server takes it: {@code whsec_} and base64 (the prefix may be left out, as the server's
     * configuration allows).
     *
     * @throws IllegalArgumentException when it is not base64 or is empty
     */
    public static SignatureCheck parse(String secret) {
        String base64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--secret must be whsec_ followed by base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("--secret must not be empty");
        }
        return new SignatureCheck(bytes);
    }

    /**
     * Whether one of the signatures in {@code signatureHeader} signs this delivery. Missing parts never verify.
     *
     * @param body the request's content; its reader index is left where it was
     */
    public boolean verifies(String id, String timestamp, String signatureHeader, ByteBuf body) {
        if (id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        Mac mac = macs.get();
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        for (ByteBuffer part : body.nioBuffers()) {
            mac.update(part);
        }
        byte[] expected = mac.doFinal();
        for (String candidate : signatureHeader.split(" ")) {
            if (candidate.startsWith("v1,") && matches(expected, candidate.substring(3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] expected, String base64) {
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
