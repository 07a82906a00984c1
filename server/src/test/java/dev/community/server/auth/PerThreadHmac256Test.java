package dev.community.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-thread HS256 signs exactly as java-jwt's own, and refuses what it refuses, from many threads at once. */
class PerThreadHmac256Test {
    static final String SECRET = "per-thread-hmac-test-secret-0123456789abcdef";
    final PerThreadHmac256 ours = new PerThreadHmac256(SECRET.getBytes(StandardCharsets.UTF_8));
    final Algorithm theirs = Algorithm.HMAC256(SECRET);

    @Test
    void signsByteForByteAsJavaJwtDoes() {
        String token = JWT.create().withSubject("alice").withClaim("n", 1).sign(theirs);
        assertThat(JWT.create().withSubject("alice").withClaim("n", 1).sign(ours)).isEqualTo(token);
        ours.verify(JWT.decode(token));
    }

    @Test
    void refusesAnotherKeysSignatureAndAGarbledOne() {
        String foreign = JWT.create().withSubject("mallory").sign(Algorithm.HMAC256("another-secret-0123456789abcdef-xyz"));
        assertThatThrownBy(() -> ours.verify(JWT.decode(foreign))).isInstanceOf(SignatureVerificationException.class);
        String token = JWT.create().withSubject("alice").sign(theirs);
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        assertThatThrownBy(() -> ours.verify(JWT.decode(tampered))).isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void manyThreadsVerifyAtOnceWithTheirOwnMac() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String token = JWT.create().withSubject("u" + i).sign(theirs);
            results.add(pool.submit(() -> {
                ours.verify(JWT.decode(token));
                return true;
            }));
        }
        for (Future<Boolean> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
        }
        pool.shutdown();
    }
}
