package dev.community.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client on the JDK's implementation: records every event it receives, in order, and the close
 * code the server sent. Waits are bounded so a broken server fails the test instead of hanging it.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Gets a connection token for {@code userId} and connects to {@code path} (e.g. /ws/community/room/ID/). */
    public static WsClient connect(TestServer server, String userId, String path) {
        return connect(server, userId, path, null);
    }

    public static WsClient connect(TestServer server, String userId, String path, Long sinceSeq) {
        String token = new Api(server).connectionToken(userId);
        String query = "?connection_token=" + token + (sinceSeq == null ? "" : "&since_seq=" + sinceSeq);
        return open(server.ws(path + query), server.httpClient().build());
    }

    public static WsClient open(URI uri) {
        return open(uri, HttpClient.newHttpClient());
    }

    /** Connects through {@code http} (one that trusts a TLS server's certificate, for wss://). */
    public static WsClient open(URI uri, HttpClient http) {
        WsClient client = new WsClient();
        client.socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, client)
                .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
                .join();
        return client;
    }

    public static String roomPath(Object roomId) {
        return "/ws/community/room/" + roomId + "/";
    }

    public void send(String json) {
        socket.sendText(json, true).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** The next event of type {@code event}; events of other types before it are kept in {@link #seen()}. */
    public JsonNode next(String event) {
        return next(node -> event.equals(node.path("event").asText()), event);
    }

    public JsonNode next(Predicate<JsonNode> match, String description) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode node = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (node == null) {
                    throw new AssertionError("no " + description + " within " + WAIT_SECONDS + " s; seen " + seen);
                }
                seen.add(node);
                if (match.test(node)) {
                    return node;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Events received so far and not yet consumed by next(). */
    public List<JsonNode> pending() {
        List<JsonNode> out = new ArrayList<>();
        inbox.drainTo(out);
        seen.addAll(out);
        return out;
    }

    public List<JsonNode> seen() {
        return seen;
    }

    /** Waits for the server's close frame and returns its code. */
    public int awaitClose() {
        return closeCode.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** The reason of the server's close frame; call after {@link #awaitClose()}. */
    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                inbox.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
