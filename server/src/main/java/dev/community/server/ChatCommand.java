package dev.community.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import dev.community.server.tls.PemTrust;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * A terminal chat client, so a new user can talk to a running server a minute after cloning: it mints (or takes)
 * an access token, exchanges it for a connection token, joins a room, prints every event as one JSON line and
 * sends each line typed on stdin as a message.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Joins a room and chats from the terminal: lines you type are sent, events are printed.")
final class ChatCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--user", required = true, description = "your user id (the token's sub)")
    private String userId;

    @Option(names = "--room", defaultValue = "general", description = "room id, or a forum slug (default: ${DEFAULT-VALUE})")
    private String room;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
            description = "the server; https:// for a TLS port, then the socket is wss:// (default: ${DEFAULT-VALUE})")
    private String url;

    @Option(names = "--ca-file", description = "PEM CA certificate(s) that verify an https:// server (e.g. a"
            + " self-signed test certificate); default: the JDK's trust store")
    private Path caFile;

    @Option(names = "--token", description = "an access JWT; default: minted from the local server's secret")
    private String accessToken;

    @Unmatched
    private List<String> settings = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String jwt = accessToken != null ? accessToken : mint();
        HttpClient http = caFile == null ? HttpClient.newHttpClient()
                : HttpClient.newBuilder().sslContext(PemTrust.sslContext(caFile)).build();
        String roomId = resolveRoom(http, jwt);
        JsonNode token = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/auth/ws-connection-token/"))
                .header("Authorization", "Bearer " + jwt).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        if (!token.has("connection_token")) {
            System.err.println("token refused: " + token);
            return 1;
        }
        URI ws = URI.create(url.replaceFirst("^http", "ws") + "/ws/community/room/" + roomId + "/?connection_token="
                + URLEncoder.encode(token.get("connection_token").asText(), StandardCharsets.UTF_8));
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(ws, new Printer(closed)).join();
        var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while (!closed.isDone() && (line = stdin.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode frame = JSON.createObjectNode().put("type", "send_message").put("content", line)
                    .put("client_id", UUID.randomUUID().toString());
            socket.sendText(JSON.writeValueAsString(frame), true).join();
        }
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
        return 0;
    }

    private String mint() {
        ServerConfig config = ConfigLoader.load(settings.toArray(String[]::new), System.getenv());
        return JWT.create().withSubject(userId).withClaim("username", userId)
                .withExpiresAt(Instant.now().plus(Duration.ofHours(12)))
                .sign(Algorithm.HMAC256(config.jwt().secret().orElseThrow(
                        () -> new IllegalStateException("no HS256 secret to mint with; pass --token"))));
    }

    private String resolveRoom(HttpClient http, String jwt) throws Exception {
        if (room.length() == 36) {
            return room;
        }
        JsonNode rooms = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/community/rooms/?limit=100"))
                .header("Authorization", "Bearer " + jwt).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode r : rooms.path("results")) {
            if (room.equals(r.path("slug").asText())) {
                return r.path("id").asText();
            }
        }
        throw new IllegalArgumentException("no room with slug " + room);
    }

    /** Prints each event on its own line. */
    private static final class Printer implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> closed;

        Printer(CompletableFuture<Void> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                System.out.println(partial);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            System.out.println("{\"closed\":" + statusCode + ",\"reason\":\"" + reason.replace("\"", "'") + "\"}");
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            System.err.println("connection error: " + error);
            closed.complete(null);
        }
    }
}
