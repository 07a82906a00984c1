package dev.community.server.support;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;

/** Access tokens as a host application would issue them, signed with {@link TestServer#SECRET}. */
public final class Jwts {
    private Jwts() {
    }

    public static String token(String userId) {
        return builder(userId).sign(Algorithm.HMAC256(TestServer.SECRET));
    }

    public static JWTCreator.Builder builder(String userId) {
        return JWT.create()
                .withSubject(userId)
                .withClaim("username", userId + "-name")
                .withExpiresAt(Instant.now().plus(Duration.ofHours(1)));
    }

    public static String sign(JWTCreator.Builder builder) {
        return builder.sign(Algorithm.HMAC256(TestServer.SECRET));
    }
}
