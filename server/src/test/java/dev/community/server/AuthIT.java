package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /auth/ws-connection-token/: which access tokens buy a connection token (PROTOCOL.md §1). */
class AuthIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void validTokenGetsASingleUseConnectionToken() {
        var response = api.post("/auth/ws-connection-token/", Jwts.token("alice"), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("expires_in").asInt()).isEqualTo(60);
        assertThat(response.json().get("connection_token").asText()).hasSizeGreaterThanOrEqualTo(40);
    }

    static Stream<Arguments> rejectedTokens() throws Exception {
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var pair = rsa.generateKeyPair();
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"mallory\",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}");
        return Stream.of(
                Arguments.of("alg none", header + "." + payload + "."),
                Arguments.of("wrong algorithm", Jwts.builder("mallory")
                        .sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()))),
                Arguments.of("bad signature", Jwts.builder("mallory")
                        .sign(Algorithm.HMAC256("another-secret-that-is-long-enough-123"))),
                Arguments.of("expired", Jwts.sign(JWT.create().withSubject("mallory")
                        .withExpiresAt(Instant.now().minus(Duration.ofMinutes(5))))),
                Arguments.of("missing sub", Jwts.sign(JWT.create()
                        .withExpiresAt(Instant.now().plus(Duration.ofMinutes(5))))),
                Arguments.of("missing exp", Jwts.sign(JWT.create().withSubject("mallory"))),
                Arguments.of("invalid sub", Jwts.sign(JWT.create().withSubject("has space")
                        .withExpiresAt(Instant.now().plus(Duration.ofMinutes(5))))),
                Arguments.of("garbage", "not-a-jwt"),
                Arguments.of("absent", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void rejectsBadAccessTokens(String why, String token) {
        var response = api.post("/auth/ws-connection-token/", token, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void getIsNotAllowed() {
        assertThat(api.get("/auth/ws-connection-token/", Jwts.token("alice")).status()).isEqualTo(405);
    }

    @Test
    void unknownPathsAreJson404s() {
        var response = api.get("/nothing/here", null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
