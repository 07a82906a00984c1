package dev.community.loadtest.abuse;

import dev.community.loadtest.client.AccessTokens;
import dev.community.loadtest.client.LoopbackTarget;
import dev.community.protocol.ConnectionToken;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.WirePaths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The server as the abusers reach it: the JDK's HTTP and WebSocket client (abusers are not measured, so the
 * simplest client does; the honest members use the harness's Netty clients), their access tokens and the
 * contract's paths. Plain {@code http://} only: the abuse scenario measures budgets, not TLS.
 */
final class AbuseTarget {
    /** How long one abuser request may take before it counts as failed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final LoopbackTarget target;
    private final AccessTokens tokens;
    private final JsonCodec codec;

    AbuseTarget(HttpClient http, LoopbackTarget target, AccessTokens tokens, JsonCodec codec) {
        if (target.tls()) {
            throw new IllegalArgumentException("the abuse scenario runs against a plain http:// --url only");
        }
        this.http = http;
        this.target = target;
        this.tokens = tokens;
        this.codec = codec;
    }

    HttpClient http() {
        return http;
    }

    JsonCodec codec() {
        return codec;
    }

    String accessToken(String userId) {
        return tokens.mint(userId);
    }

    /** A GET of {@code path} with the user's access token. */
    HttpRequest get(String userId, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + target.authority() + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken(userId)).GET().build();
    }

    /** A connection token: the answer, whatever its status (429 is what a churner is after). */
    CompletableFuture<HttpResponse<String>> connectionToken(String userId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target.authority() + WirePaths.CONNECTION_TOKEN))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + accessToken(userId))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The connection token of a 200 answer, or null. */
    String tokenOf(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            return null;
        }
        try {
            return codec.readValue(answer.body().getBytes(StandardCharsets.UTF_8), ConnectionToken.class).connectionToken();
        } catch (ProtocolException e) {
            return null;
        }
    }

    URI roomSocket(UUID room, String connectionToken) {
        return URI.create(target.webSocketScheme() + "://" + target.authority()
                + WirePaths.roomSocket(room, connectionToken, null));
    }
}
