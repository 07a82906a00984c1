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
 * code the server sent. Waits are bounded so a broken server fails the test instead of hanging it. Every event is
 * checked against docs/asyncapi.yaml ({@link WireContract}) as it arrives; the next call that waits for or reads
 * events (or closes) fails the test if one did not match.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> contractViolations = java.util.Collections.synchronizedList(new ArrayList<>());
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

    /**
     * Sends unless the connection's output is closed (the server closed it, and the client answered its close frame):
     * false then. For a test that keeps sending until the server gives up on it, where the close may come between any
     * two frames.
     */
    public boolean sendUnlessClosed(String json) {
        if (socket.isOutputClosed()) {
            return false;
        }
        try {
            send(json);
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (socket.isOutputClosed()) {
                return false;
            }
            throw e;
        }
    }

    /** The next event of type {@code event}; events of other types before it are kept in {@link #seen()}. */
    public JsonNode next(String event) {
        return next(node -> event.equals(node.path("event").asText()), event);
    }

    public JsonNode next(Predicate<JsonNode> match, String description) {
        requireContract();
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
                    requireContract();
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
        requireContract();
        return out;
    }

    public List<JsonNode> seen() {
        return seen;
    }

    /** Waits for the server's close frame and returns its code. */
    public int awaitClose() {
        int code = closeCode.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        requireContract();
        return code;
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
            String text = partial.toString();
            partial.setLength(0);
            contractViolations.addAll(WireContract.eventProblems(text));
            try {
                inbox.add(JSON.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
        requireContract();
    }

    /** Fails the test if any event so far did not match docs/asyncapi.yaml. */
    private void requireContract() {
        synchronized (contractViolations) {
            if (!contractViolations.isEmpty()) {
                throw new AssertionError("the server sent events its contract does not describe: "
                        + String.join(" | ", contractViolations));
            }
        }
    }
}
