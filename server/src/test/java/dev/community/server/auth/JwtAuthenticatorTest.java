package dev.community.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.community.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {
    static final String SECRET = "unit-test-secret-0123456789-abcdefghij";
    @TempDir
    Path dir;

    static ServerConfig.JwtConfig hs256(Optional<String> issuer, Optional<String> audience) {
        return new ServerConfig.JwtConfig(Optional.of(SECRET), Optional.empty(), Optional.empty(), "HS256", issuer, audience);
    }

    static com.auth0.jwt.JWTCreator.Builder token(String sub) {
        return JWT.create().withSubject(sub).withExpiresAt(Instant.now().plusSeconds(600));
    }

    @Test
    void readsTheOptionalClaims() throws Exception {
        var principal = new JwtAuthenticator(hs256(Optional.empty(), Optional.empty())).verify(token("u1")
                .withClaim("username", "Alice").withClaim("trust_level", 3).withClaim("staff", true)
                .withClaim("joined_at", 1_700_000_000L).sign(Algorithm.HMAC256(SECRET)));
        assertThat(principal.userId()).isEqualTo("u1");
        assertThat(principal.username()).isEqualTo("Alice");
        assertThat(principal.trustLevel()).isEqualTo(3);
        assertThat(principal.staff()).isTrue();
        assertThat(principal.joinedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void usernameDefaultsToSubAndUnstorableNamesAreNotUsed() throws Exception {
        var auth = new JwtAuthenticator(hs256(Optional.empty(), Optional.empty()));
        assertThat(auth.verify(token("u2").sign(Algorithm.HMAC256(SECRET))).username()).isEqualTo("u2");
        assertThat(auth.verify(token("u3").withClaim("username", "bad\u0000name").sign(Algorithm.HMAC256(SECRET))).username())
                .isEqualTo("u3");
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
        var auth = new JwtAuthenticator(hs256(Optional.of("https://host.example"), Optional.of("community")));
        String good = token("u1").withIssuer("https://host.example").withAudience("community").sign(Algorithm.HMAC256(SECRET));
        assertThat(auth.verify(good).userId()).isEqualTo("u1");
        String wrongIssuer = token("u1").withIssuer("https://evil.example").withAudience("community").sign(Algorithm.HMAC256(SECRET));
        assertThatThrownBy(() -> auth.verify(wrongIssuer)).isInstanceOf(AuthenticationException.class);
        String noAudience = token("u1").withIssuer("https://host.example").sign(Algorithm.HMAC256(SECRET));
        assertThatThrownBy(() -> auth.verify(noAudience)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void rs256WithAPublicKeyFile() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        var auth = new JwtAuthenticator(new ServerConfig.JwtConfig(Optional.empty(), Optional.empty(),
                Optional.of(pem(pair, "rsa.pem")), "RS256", Optional.empty(), Optional.empty()));
        String signed = token("r1").sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()));
        assertThat(auth.verify(signed).userId()).isEqualTo("r1");
        assertThatThrownBy(() -> auth.verify(token("r1").sign(Algorithm.HMAC256(SECRET))))
                .as("an HS256 token against an RS256 key (algorithm confusion)").isInstanceOf(AuthenticationException.class);
    }

    @Test
    void es256WithAPublicKeyFile() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        var auth = new JwtAuthenticator(new ServerConfig.JwtConfig(Optional.empty(), Optional.empty(),
                Optional.of(pem(pair, "ec.pem")), "ES256", Optional.empty(), Optional.empty()));
        String signed = token("e1").sign(Algorithm.ECDSA256((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate()));
        assertThat(auth.verify(signed).userId()).isEqualTo("e1");
    }

    private Path pem(KeyPair pair, String name) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded());
        return Files.writeString(dir.resolve(name), "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    }
}
