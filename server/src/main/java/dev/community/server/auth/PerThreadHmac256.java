package dev.community.server.auth;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureGenerationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * HS256 for java-jwt over {@link KeyedHmacSha256}. java-jwt's own HMAC algorithm asks the JDK for a new {@code Mac}
 * on every verification, a provider look-up that takes shared locks: under a reconnect storm every event loop and
 * blocking thread queued on them. Here each thread keys its Mac once and reuses it; the result is byte for byte the
 * same signature, compared in constant time.
 */
final class PerThreadHmac256 extends Algorithm {
    private final KeyedHmacSha256 hmac;

    PerThreadHmac256(byte[] secret) {
        super("HS256", KeyedHmacSha256.jcaName());
        this.hmac = new KeyedHmacSha256(secret, "the HS256 secret");
    }

    @Override
    public void verify(DecodedJWT jwt) throws SignatureVerificationException {
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(jwt.getSignature());
        } catch (IllegalArgumentException e) {
            throw new SignatureVerificationException(this, e);
        }
        byte[] expected = sign(jwt.getHeader().getBytes(StandardCharsets.UTF_8),
                jwt.getPayload().getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new SignatureVerificationException(this);
        }
    }

    /** The signature of {@code header.payload} (both base64url, as they stand in the token). */
    @Override
    public byte[] sign(byte[] headerBytes, byte[] payloadBytes) throws SignatureGenerationException {
        Mac mac = hmac.mac();
        mac.update(headerBytes);
        mac.update((byte) '.');
        return mac.doFinal(payloadBytes);
    }

    @Override
    public byte[] sign(byte[] contentBytes) throws SignatureGenerationException {
        return hmac.mac().doFinal(contentBytes);
    }
}
