package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.CloseCodes;
import dev.community.server.support.Api;
import dev.community.server.support.Jwts;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md §2.1 refresh: an open socket handed a fresh access token lives until the new exp, and only then. */
class TokenRefreshIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An access token of {@code userId} that runs out {@code seconds} from now (JWTs count whole seconds). */
    static String expiringIn(String userId, long seconds) {
        return Jwts.sign(Jwts.builder(userId).withExpiresAt(Instant.now().plusSeconds(seconds)));
    }

    static Instant expiryOf(String jwt) {
        return com.auth0.jwt.JWT.decode(jwt).getExpiresAtAsInstant();
    }

    WsClient connect(String accessToken, UUID room) {
        return WsClient.open(server.ws(roomPath(room) + "?connection_token=" + api.connectionTokenFor(accessToken)),
                server.httpClient().build());
    }

    static String refresh(String token) {
        return "{\"type\":\"refresh\",\"token\":\"" + token + "\"}";
    }

    @Test
    void aRefreshedSocketLivesUntilTheNewTokensExpiryAndThenCloses4401() {
        String first = expiringIn("alice", 2);
        String second = expiringIn("alice", 4);
        try (WsClient alice = connect(first, server.newForum())) {
            JsonNode state = alice.next("room_state");
            assertThat(Instant.parse(state.path("token_expires_at").asText())).isEqualTo(expiryOf(first));

            alice.send(refresh(second));
            JsonNode refreshed = alice.next("token_refreshed");
            assertThat(Instant.parse(refreshed.path("expires_at").asText())).isEqualTo(expiryOf(second));

            // Closed at the second token's end, not the first's (two seconds earlier).
            assertThat(alice.awaitClose()).isEqualTo(CloseCodes.AUTH_EXPIRED);
            assertThat(Instant.now()).isAfter(expiryOf(second).minus(500, ChronoUnit.MILLIS));
        }
        assertThat(server.counter("community.ws.token.refreshes", "result", "accepted")).isEqualTo(1);
    }

    @Test
    void aTokenForAnotherUserOrAnInvalidOneChangesNothing() {
        String mine = Jwts.token("bob");
        try (WsClient bob = connect(mine, server.newForum())) {
            bob.next("room_state");
            bob.send(refresh(Jwts.token("mallory")));
            JsonNode another = bob.next("error");
            assertThat(another.path("code").asText()).isEqualTo("unauthorized");
            assertThat(another.path("message").asText()).isEqualTo("the token is for another user");
            for (String refused : new String[] {expiringIn("bob", -60), "not.a.jwt", Jwts.token("bob") + "x"}) {
                bob.send(refresh(refused));
                JsonNode error = bob.next("error");
                assertThat(error.path("code").asText()).as(refused).isEqualTo("unauthorized");
                assertThat(error.path("message").asText()).startsWith("invalid access token");
            }
            // Still open, on its first token.
            bob.send("{\"type\":\"ping\"}");
            bob.next("pong");
            assertThat(bob.isClosed()).isFalse();
        }
    }
}
